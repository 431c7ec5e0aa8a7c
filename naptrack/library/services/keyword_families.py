"""Keyword families and their keywords, edited by platform admins; every change queues
the documents whose analysis it affects."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from naptrack.core.services import activity_record, audited_update, refuse_unknown_fields
from naptrack.library import keywords
from naptrack.library.choices import (
    MatchMode,
)
from naptrack.library.models import (
    Keyword,
    KeywordFamily,
)
from naptrack.library.permissions import (
    can_edit_keywords,
)
from naptrack.library.services.analysis import reanalyse_documents
from naptrack.library.services.upload import language_is_known
from naptrack.library.tokenizer import words

FAMILY_FIELDS = ("slug", "name", "kind", "criterion", "description")
KEYWORD_FIELDS = ("language", "term", "match")


def _require_keyword_editor(actor) -> None:
    if actor is not None and not can_edit_keywords(actor):
        raise PermissionDenied(_("Only platform admins edit keyword families."))


def _check_keyword(keyword: Keyword) -> None:
    errors = {}
    if not language_is_known(keyword.language):
        errors["language"] = _("“%(code)s” is not an ISO 639-1 language code.") % {
            "code": keyword.language
        }
    if not words(keyword.term):
        errors["term"] = _("A keyword needs at least one letter or digit.")
    if errors:
        raise ValidationError(errors)
    keyword.term = " ".join(keyword.term.split())
    keyword.full_clean()


def _keyword_label(keyword: Keyword) -> str:
    return f"{keyword.term} ({keyword.language}, {keyword.match})"


@transaction.atomic
def keyword_family_create(
    *,
    actor,
    slug: str,
    name: str,
    kind: str,
    criterion: str = "",
    description: str = "",
    channel: str = "web",
) -> KeywordFamily:
    """A new family counts nothing until it has keywords (keyword_create)."""
    _require_keyword_editor(actor)
    family = KeywordFamily(
        slug=slug, name=name, kind=kind, criterion=criterion, description=description
    )
    family.full_clean()
    family.save()
    changes = {name: {"before": None, "after": getattr(family, name)} for name in FAMILY_FIELDS}
    activity_record(
        actor=actor, verb="keyword_family.created", target=family, changes=changes, channel=channel
    )
    return family


@transaction.atomic
def keyword_family_update(
    *, actor, family: KeywordFamily, channel: str = "web", reanalyse: bool = True, **fields
) -> KeywordFamily:
    _require_keyword_editor(actor)
    changes = audited_update(
        family,
        actor=actor,
        fields=fields,
        allowed=FAMILY_FIELDS,
        verb="keyword_family.updated",
        channel=channel,
    )
    if reanalyse and {"kind", "criterion"} & set(changes):
        reanalyse_documents()
    return family


@transaction.atomic
def keyword_family_delete(
    *, actor, family: KeywordFamily, channel: str = "web", reanalyse: bool = True
) -> None:
    """Removes a family with its keywords and counts. Reviewed evidence it found stays
    (it was a person's judgement); unreviewed suggestions go at the next analysis."""
    _require_keyword_editor(actor)
    keywords = [_keyword_label(k) for k in family.keywords.all()]
    activity_record(
        actor=actor,
        verb="keyword_family.deleted",
        target=family,
        changes={"name": {"before": family.name, "after": None}, "keywords": keywords},
        channel=channel,
    )
    family.delete()
    if reanalyse:
        reanalyse_documents()


@transaction.atomic
def keyword_create(
    *,
    actor,
    family: KeywordFamily,
    language: str,
    term: str,
    match: str = MatchMode.WORD,
    channel: str = "web",
    reanalyse: bool = True,
) -> Keyword:
    _require_keyword_editor(actor)
    keyword = Keyword(family=family, language=language, term=term, match=match)
    _check_keyword(keyword)
    keyword.save()
    activity_record(
        actor=actor,
        verb="keyword.created",
        target=family,
        changes={"keyword": {"before": None, "after": _keyword_label(keyword)}},
        channel=channel,
    )
    if reanalyse:
        reanalyse_documents(languages=[language])
    return keyword


@transaction.atomic
def keyword_update(
    *, actor, keyword: Keyword, channel: str = "web", reanalyse: bool = True, **fields
) -> Keyword:
    _require_keyword_editor(actor)
    refuse_unknown_fields(fields, KEYWORD_FIELDS)
    stored = Keyword.objects.get(pk=keyword.pk)
    for name, value in fields.items():
        setattr(keyword, name, value)
    _check_keyword(keyword)
    before, after = _keyword_label(stored), _keyword_label(keyword)
    if before == after:
        return keyword
    keyword.save()
    activity_record(
        actor=actor,
        verb="keyword.updated",
        target=keyword.family,
        changes={"keyword": {"before": before, "after": after}},
        channel=channel,
    )
    if reanalyse:
        reanalyse_documents(languages=sorted({stored.language, keyword.language}))
    return keyword


@transaction.atomic
def keyword_delete(*, actor, keyword: Keyword, channel: str = "web", reanalyse: bool = True):
    _require_keyword_editor(actor)
    activity_record(
        actor=actor,
        verb="keyword.deleted",
        target=keyword.family,
        changes={"keyword": {"before": _keyword_label(keyword), "after": None}},
        channel=channel,
    )
    language = keyword.language
    keyword.delete()
    if reanalyse:
        reanalyse_documents(languages=[language])


def keyword_families_load(*, actor=None, path=None, channel: str = "command") -> tuple[int, int]:
    """Adds the families and keywords of the starter list (or another file in its
    layout) that are missing; never changes what administrators edited."""
    _require_keyword_editor(actor)
    specs = keywords.parse(path or keywords.STARTER_LIST)
    with transaction.atomic():
        added = keywords.seed(KeywordFamily, Keyword, specs)
        if any(added):
            target = KeywordFamily.objects.order_by("pk").first()
            activity_record(
                actor=actor,
                verb="keyword_families.loaded",
                target=target,
                changes={"families_added": added[0], "keywords_added": added[1]},
                channel=channel,
            )
            reanalyse_documents()
    return added
