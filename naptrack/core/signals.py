"""The core app's one signal.

`activity_recorded` is sent by `activity_record` right after it writes an audit row, inside
the writer's transaction, with `activity` and `target`. Every state change passes through
there (decision 0006 already relies on it), so an app that keeps data derived from other
apps' data, such as the report cards, can follow their changes without those apps knowing
it: imports stay one-way (docs/decisions/0007-report-cards-follow-the-audit-trail.md).
Receivers must be cheap and must not write: defer real work with `transaction.on_commit`.
"""

from django.dispatch import Signal

activity_recorded = Signal()
