"""The library in the Django admin. Documents: a read-only window for platform admins,
to watch ingestion (status, errors, attempts); uploads and retries happen on the site,
through the services, so they are checked and audited. Keyword families: edited here by
platform admins, every change through the audited services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from naptrack.library.models import Document, Keyword, KeywordFamily
from naptrack.library.permissions import can_edit_keywords
from naptrack.library.selectors import documents_visible_to
from naptrack.library.services.analysis import reanalyse_documents
from naptrack.library.services.keyword_families import (
    FAMILY_FIELDS,
    keyword_create,
    keyword_delete,
    keyword_family_create,
    keyword_family_delete,
    keyword_family_update,
    keyword_update,
)
from naptrack.library.services.upload import language_is_known
from naptrack.library.tokenizer import words
from naptrack.registry.admin import ReadOnlyAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "plan", "kind", "language", "status", "pages_total", "attempts"]
    list_filter = ["status", "kind", "file_format", "has_javascript"]
    search_fields = ["title", "original_name", "sha256"]
    exclude = ["error_params"]
    readonly_fields = ["error"]

    def get_queryset(self, request):
        # Admins see what the site shows them: never a draft plan's documents.
        return documents_visible_to(request.user).select_related("plan__country")


class KeywordForm(forms.ModelForm):
    """The same checks as the services, shown beside the field instead of failing."""

    class Meta:
        model = Keyword
        fields = ["language", "term", "match"]

    def clean_language(self):
        language = self.cleaned_data["language"].strip().lower()
        if not language_is_known(language):
            raise ValidationError(
                _("“%(code)s” is not an ISO 639-1 language code.") % {"code": language}
            )
        return language

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        if not words(term):
            raise ValidationError(_("A keyword needs at least one letter or digit."))
        return term


class KeywordInline(admin.TabularInline):
    model = Keyword
    form = KeywordForm
    fields = ["language", "term", "match"]
    extra = 3

    def has_view_permission(self, request, obj=None):
        return can_edit_keywords(request.user)

    def has_add_permission(self, request, obj=None):
        return can_edit_keywords(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_keywords(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_keywords(request.user)


@admin.register(KeywordFamily)
class KeywordFamilyAdmin(admin.ModelAdmin):
    """Platform admins edit the keyword families here. Every save goes through the
    services (audited, channel "admin"), and documents are analysed again once, after
    the family and its keywords are saved."""

    list_display = ["name", "slug", "kind", "criterion", "keyword_count"]
    list_filter = ["kind", "criterion"]
    search_fields = ["name", "slug", "keywords__term"]
    fields = ["name", "slug", "kind", "criterion", "description"]
    inlines = [KeywordInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_keywords=Count("keywords"))

    @admin.display(description="keywords", ordering="n_keywords")
    def keyword_count(self, family):
        return family.n_keywords

    def has_module_permission(self, request):
        return can_edit_keywords(request.user)

    def has_view_permission(self, request, obj=None):
        return can_edit_keywords(request.user)

    def has_add_permission(self, request, obj=None):
        return can_edit_keywords(request.user)

    def has_change_permission(self, request, obj=None):
        return can_edit_keywords(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_edit_keywords(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            fields = {name: getattr(obj, name) for name in form.changed_data}
            keyword_family_update(
                actor=request.user, family=obj, channel="admin", reanalyse=False, **fields
            )
        else:
            created = keyword_family_create(
                actor=request.user,
                channel="admin",
                **{name: getattr(obj, name) for name in FAMILY_FIELDS},
            )
            obj.pk, obj.updated_at = created.pk, created.updated_at
            obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        for keyword in formset.deleted_objects:
            keyword_delete(actor=request.user, keyword=keyword, channel="admin", reanalyse=False)
        for keyword, changed in formset.changed_objects:
            keyword_update(
                actor=request.user,
                keyword=keyword,
                channel="admin",
                reanalyse=False,
                **{name: getattr(keyword, name) for name in changed},
            )
        for keyword in formset.new_objects:
            keyword_create(
                actor=request.user,
                family=form.instance,
                language=keyword.language,
                term=keyword.term,
                match=keyword.match,
                channel="admin",
                reanalyse=False,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reanalyse_documents()

    def delete_model(self, request, obj):
        keyword_family_delete(actor=request.user, family=obj, channel="admin")

    def delete_queryset(self, request, queryset):
        for family in queryset:
            keyword_family_delete(
                actor=request.user, family=family, channel="admin", reanalyse=False
            )
        reanalyse_documents()
