"""Moved to tests.factories.people; this re-export keeps tests written against the old
place working. New code imports from tests.factories.people."""

from tests.factories.people import (  # noqa: F401
    OUTSIDERS,
    PASSWORD,
    TOTP_SECRET,
    clear_rate_limits_and_used_codes,
    enrol_totp,
    fresh_totp_code,
    outsider,
    person,
    totp_code,
)
