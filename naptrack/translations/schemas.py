from datetime import datetime

from ninja import Schema


class TranslationOut(Schema):
    field: str
    language: str
    text: str
    updated_at: datetime


class TranslationsOut(Schema):
    language: str  # the original's ISO 639-1 code; "" when not recorded
    fields: list[str]
    translations: list[TranslationOut]


class TranslationIn(Schema):
    text: str  # empty removes the translation


class LanguageIn(Schema):
    language: str  # ISO 639-1, or "" for not recorded
