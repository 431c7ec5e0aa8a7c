"""Content language and translations of plans and shadow reports: read with the object
(same access as its page), written by its authors (see targets.py). On the object's own
path, so that a hidden object answers 404 like a missing one."""

from ninja import Router

from naptrack.accounts.auth import ApiTokenAuth, api_user
from naptrack.core.api import ANONYMOUS_ALLOWED, WRITE_ERRORS, error_responses
from naptrack.translations import services
from naptrack.translations.schemas import LanguageIn, TranslationIn, TranslationsOut
from naptrack.translations.selectors import translations_of
from naptrack.translations.targets import object_for_read, object_for_translation

router = Router(tags=["translations"])
token_required = ApiTokenAuth()
READ = {"response": {200: TranslationsOut, **error_responses(401, 404, 422)},
        "openapi_extra": ANONYMOUS_ALLOWED}  # fmt: skip
WRITE = {"auth": token_required, "response": {200: TranslationsOut, **WRITE_ERRORS}}
PLAN = "/plans/{int:plan_id}"
SHADOW = "/shadow-reports/{int:report_id}"


def _out(target, obj) -> dict:
    return {
        "language": obj.language or None,
        "fields": list(target.fields),
        "translations": translations_of(obj),
    }


def _read(request, kind: str, pk: int) -> dict:
    return _out(*object_for_read(api_user(request), kind, pk))


def _save(request, kind: str, pk: int, payload: TranslationIn) -> dict:
    user = api_user(request)
    target, obj = object_for_translation(user, kind, pk)
    services.translation_save(
        actor=user, obj=obj, field=payload.field, language=payload.language,
        text=payload.text, channel="api",
    )  # fmt: skip
    return _out(target, obj)


def _set_language(request, kind: str, pk: int, language: str) -> dict:
    user = api_user(request)
    target, obj = object_for_translation(user, kind, pk)
    services.content_language_set(actor=user, obj=obj, language=language, channel="api")
    return _out(target, obj)


@router.get(PLAN + "/translations", **READ)
def plan_translations(request, plan_id: int):
    """The plan's language and the translations of its title."""
    return _read(request, "plan", plan_id)


@router.put(PLAN + "/translations", **WRITE)
def plan_translation_save(request, plan_id: int, payload: TranslationIn):
    """Add, change or (with empty text) remove a translation (coordinators of the plan)."""
    return _save(request, "plan", plan_id, payload)


@router.put(PLAN + "/language", **WRITE)
def plan_language_set(request, plan_id: int, payload: LanguageIn):
    """Record the language the plan is written in (ISO 639-1; empty: not recorded)."""
    return _set_language(request, "plan", plan_id, payload.language)


@router.get(SHADOW + "/translations", **READ)
def shadow_report_translations(request, report_id: int):
    """The shadow report's language and the translations of its title and findings."""
    return _read(request, "shadow-report", report_id)


@router.put(SHADOW + "/translations", **WRITE)
def shadow_report_translation_save(request, report_id: int, payload: TranslationIn):
    """Add, change or (with empty text) remove a translation (the report's authors)."""
    return _save(request, "shadow-report", report_id, payload)


@router.put(SHADOW + "/language", **WRITE)
def shadow_report_language_set(request, report_id: int, payload: LanguageIn):
    """Record the language the shadow report is written in."""
    return _set_language(request, "shadow-report", report_id, payload.language)
