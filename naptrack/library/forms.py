from functools import cache

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from naptrack.library.choices import DocumentKind
from naptrack.library.search import SearchFilters
from naptrack.library.services import document_check_upload

ACCEPT = ".pdf,.docx,.html,.htm,.txt,application/pdf,text/html,text/plain"
PLAN_KINDS = [
    (DocumentKind.PLAN, DocumentKind.PLAN.label),
    (DocumentKind.OFFICIAL_REPORT, DocumentKind.OFFICIAL_REPORT.label),
    (DocumentKind.OTHER, DocumentKind.OTHER.label),
]


@cache
def language_choices() -> list[tuple[str, str]]:
    """ISO 639-1 languages, by English name (pycountry's names are English)."""
    languages = [
        (lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")
    ]
    return sorted(languages, key=lambda item: item[1])


class DocumentUploadForm(forms.Form):
    """Checks the file itself (size, real type) before the service stores anything."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), HTML or plain text."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=())
    year = forms.IntegerField(
        label=_("Year of publication"),
        required=False,
        min_value=1900,
        help_text=_("Leave empty if unknown."),
    )

    def __init__(self, *args, library: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices()]
        if not library:
            self.fields["kind"].choices = PLAN_KINDS

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.cleaned_data["file_format"] = document_check_upload(upload)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["file"]) from exc
        return upload


class SearchForm(forms.Form):
    """The search page's query and facet filters; invalid filters are dropped, not errors."""

    q = forms.CharField(label=_("Search"), required=False, max_length=500)
    country = forms.CharField(required=False, max_length=3)
    region = forms.CharField(required=False, max_length=3)
    year = forms.IntegerField(required=False, min_value=1000, max_value=3000)
    document_type = forms.CharField(required=False, max_length=20)
    language = forms.CharField(required=False, max_length=2)
    pillar = forms.CharField(required=False, max_length=40)
    page = forms.IntegerField(required=False, min_value=1)

    def get_filters(self) -> SearchFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return SearchFilters(
            country=(data.get("country") or "").upper(),
            region=data.get("region") or "",
            year=data.get("year"),
            document_type=data.get("document_type") or "",
            language=(data.get("language") or "").lower(),
            pillar=data.get("pillar") or "",
        )

    def get_query(self) -> str:
        return (self.cleaned_data.get("q") or "") if self.is_valid() else ""

    def get_page(self) -> int:
        return (self.cleaned_data.get("page") or 1) if self.is_valid() else 1
