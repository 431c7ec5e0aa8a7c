"""The `verb_words` filter for history pages: an audit row's verb in words, from the one
table in naptrack.core.audit_words."""

from django import template

from naptrack.core.audit_words import VERB_WORDS, verb_words

register = template.Library()
register.filter("verb_words", verb_words)

__all__ = ["VERB_WORDS", "verb_words"]
