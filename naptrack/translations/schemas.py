from datetime import datetime

from ninja import Field, Schema


class TranslationOut(Schema):
    field: str
    language: str
    text: str
    updated_at: datetime


class TranslationsOut(Schema):
    language: str | None = Field(..., description="The original's ISO 639-1 code; null: unknown.")
    fields: list[str]
    translations: list[TranslationOut]


class TranslationIn(Schema):
    field: str = Field(..., description="A translatable field, e.g. title.")
    language: str = Field(..., description="One of ar, zh, en, fr, ru, es.")
    text: str = Field(..., max_length=20_000, description="Empty removes the translation.")


class LanguageIn(Schema):
    language: str = Field(..., description="ISO 639-1 code, or empty for not recorded.")
