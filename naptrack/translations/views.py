from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from naptrack.translations import services
from naptrack.translations.forms import TranslationsForm
from naptrack.translations.selectors import translation_map
from naptrack.translations.targets import object_for_translation


@login_required
@require_http_methods(["GET", "POST"])
def translations_edit(request, kind: str, pk: int):
    """The object's language and its translations, for the people who may edit it."""
    target, obj = object_for_translation(request.user, kind, pk)
    existing = translation_map(obj)
    form = TranslationsForm(request.POST or None, target=target, obj=obj, existing=existing)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _save(request.user, obj, form)
        return redirect(request.path + "?saved=1")
    context = {
        "target": target,
        "object": obj,
        "form": form,
        "originals": [(label, getattr(obj, f)) for f, label in target.fields.items()],
        "saved": request.GET.get("saved") == "1",
        "title": _("Language and translations"),
    }
    return render(request, "translations/edit.html", context)


def _save(user, obj, form) -> None:
    services.content_language_set(actor=user, obj=obj, language=form.cleaned_data["language"])
    for field, code, name in form.pairs:
        if code != obj.language:
            services.translation_save(
                actor=user, obj=obj, field=field, language=code, text=form.cleaned_data[name]
            )
