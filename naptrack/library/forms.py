from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from naptrack.library import structuring
from naptrack.library.choices import DocumentKind, SuggestionState
from naptrack.library.languages import language_choices
from naptrack.library.search import SearchFilters
from naptrack.library.selectors import BY_REGION, BY_YEAR
from naptrack.library.services.upload import document_check_upload

ACCEPT = ".pdf,.docx,.html,.htm,.txt,application/pdf,text/html,text/plain"
PLAN_KINDS = [
    (DocumentKind.PLAN, DocumentKind.PLAN.label),
    (DocumentKind.OFFICIAL_REPORT, DocumentKind.OFFICIAL_REPORT.label),
    (DocumentKind.OTHER, DocumentKind.OTHER.label),
]


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

    def __init__(self, *args, library: bool = False, report: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices()]
        if report:
            del self.fields["kind"]  # a report's documents take the report's kind
        elif not library:
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


class EvidenceReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("reject", _("Reject"))], label=_("Decision")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class EvidenceFilterForm(forms.Form):
    """A reviewer's view of the suggestions; invalid values show everything."""

    state = forms.ChoiceField(
        choices=[("", _("All")), *SuggestionState.choices], required=False, label=_("Show")
    )

    def get_state(self) -> str:
        return (self.cleaned_data.get("state") or "") if self.is_valid() else ""


class ThemeFilterForm(forms.Form):
    by = forms.ChoiceField(
        choices=[(BY_YEAR, _("Adoption year")), (BY_REGION, _("Region"))],
        required=False,
        label=_("Compare by"),
    )

    def get_by(self) -> str:
        return (self.cleaned_data.get("by") or BY_YEAR) if self.is_valid() else BY_YEAR


class StructureReviewForm(forms.Form):
    """The reviewer's choices over a document's action matrices: what each column
    means, which rows to add, the pillar for new objectives and the unit of new
    indicators. Fields are made per matrix column; rows are checkboxes."""

    pillar = forms.ChoiceField(label=_("Pillar for new objectives"), choices=())
    unit = forms.CharField(
        label=_("Unit of the new indicators"),
        required=False,
        max_length=60,
        help_text=_("Such as %, number, women. Change it later per indicator."),
    )
    rows = forms.MultipleChoiceField(
        label=_("Rows to add"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, matrices, pillars: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.matrices = matrices
        self.fields["pillar"].choices = list(pillars.items())
        self.fields["rows"].choices = [(row.key, row.key) for m in matrices for row in m.rows]
        for matrix in matrices:
            for index, header in enumerate(matrix.headers):
                self.fields[self.column_name(matrix, index)] = forms.ChoiceField(
                    label=header or _("Column %(n)s") % {"n": index + 1},
                    choices=list(structuring.FIELD_LABELS.items()),
                    initial=matrix.fields[index],
                )

    @staticmethod
    def column_name(matrix, index: int) -> str:
        return f"column-{matrix.key}-{index}"

    def column_fields(self, matrix):
        return [self[self.column_name(matrix, i)] for i in range(matrix.width)]

    def row_inputs(self) -> list[structuring.RowInput]:
        ticked = set(self.cleaned_data["rows"])
        chosen = []
        for matrix in self.matrices:
            mapping = [self.cleaned_data[self.column_name(matrix, i)] for i in range(matrix.width)]
            chosen += structuring.row_inputs(matrix, mapping, ticked)
        return chosen
