"""The document library and its automated analysis."""

import factory
from factory.django import DjangoModelFactory

from naptrack.library.analysis import passage_digest
from naptrack.library.choices import (
    DocumentKind,
    EntryKind,
    FamilyKind,
    FileFormat,
    IngestionStatus,
    MatchMode,
)
from naptrack.library.models import (
    AnalysisRun,
    Document,
    DocumentPage,
    DocumentTable,
    EvidenceSuggestion,
    Keyword,
    KeywordFamily,
    SearchEntry,
    ThemeCount,
)
from naptrack.library.tokenizer import index_terms
from tests.factories.registry import ActionPlanFactory


class DocumentFactory(DjangoModelFactory):
    """A document row already read. Its `file` names no stored file: tests that need the
    original upload a real file through naptrack.library.services.upload.document_upload."""

    class Meta:
        model = Document

    plan = factory.SubFactory(ActionPlanFactory)
    kind = DocumentKind.PLAN
    title = factory.Sequence(lambda n: f"Test document {n}")
    language = "en"
    file = factory.Sequence(lambda n: f"library/factory-{n}.txt")
    original_name = "factory.txt"
    file_format = FileFormat.TEXT
    size_bytes = 10
    sha256 = "0" * 64
    status = IngestionStatus.DONE
    pages_total = 1
    pages_done = 1


class DocumentPageFactory(DjangoModelFactory):
    class Meta:
        model = DocumentPage

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Test page text."


class DocumentTableFactory(DjangoModelFactory):
    class Meta:
        model = DocumentTable

    document = factory.SubFactory(DocumentFactory)
    page_number = 1
    index = factory.Sequence(lambda n: n)
    rows = [["Action", "Indicator"], ["Train police", "Officers trained"]]


class SearchEntryFactory(DjangoModelFactory):
    class Meta:
        model = SearchEntry

    kind = EntryKind.PAGE
    document = factory.SubFactory(DocumentFactory)
    page_number = factory.Sequence(lambda n: n + 1)
    plan = factory.LazyAttribute(lambda entry: entry.document.plan)
    title = factory.LazyAttribute(lambda entry: entry.document.title)
    body = "Test page text."
    terms = factory.LazyAttribute(lambda entry: index_terms(entry.body))
    document_type = DocumentKind.PLAN
    language = "en"


class KeywordFamilyFactory(DjangoModelFactory):
    """A theme family (no criterion); pass kind="criterion" and a criterion code for one
    of the report cards' criteria."""

    class Meta:
        model = KeywordFamily

    slug = factory.Sequence(lambda n: f"test-family-{n}")
    name = factory.Sequence(lambda n: f"Test family {n}")
    kind = FamilyKind.THEME
    criterion = ""


class KeywordFactory(DjangoModelFactory):
    class Meta:
        model = Keyword

    family = factory.SubFactory(KeywordFamilyFactory)
    language = "en"
    term = factory.Sequence(lambda n: f"zephyrterm{n}")
    match = MatchMode.WORD


class AnalysisRunFactory(DjangoModelFactory):
    class Meta:
        model = AnalysisRun

    document = factory.SubFactory(DocumentFactory)
    language = factory.LazyAttribute(lambda run: run.document.language)
    keyword_digest = "0" * 64
    keyword_count = 1
    pages_analysed = 1


class ThemeCountFactory(DjangoModelFactory):
    class Meta:
        model = ThemeCount

    run = factory.SubFactory(AnalysisRunFactory)
    family = factory.SubFactory(KeywordFamilyFactory)
    count = 2
    pages = [1]


class EvidenceSuggestionFactory(DjangoModelFactory):
    class Meta:
        model = EvidenceSuggestion

    document = factory.SubFactory(DocumentFactory)
    criterion = "budget"
    page_number = 1
    passage = factory.Sequence(lambda n: f"A budget of {n} is allocated to the plan.")
    passage_digest = factory.LazyAttribute(lambda s: passage_digest(s.passage))
    terms = ["budget"]
