"""The one service pair for evidence (official-report, shadow-report and contract
evidence, all `core.models.EvidenceBase`): add a link or a checked file, remove a row
and its file, each recorded in the audit trail.

An app passes in what is its own: who may act (checked before calling), `lock`, which
locks the parent and refuses a change in the wrong state inside the transaction, and
`EvidenceTrail`, where and under which verb the change is recorded; or it describes
all of these once in an `EvidenceKind`, whose `add_link`, `add_file` and `remove` its
views and API call."""

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from naptrack.core.downloads import stored_file_download
from naptrack.core.evidence_files import evidence_size_error, read_evidence_upload
from naptrack.core.forms import add_service_errors
from naptrack.core.services import acting_person, activity_record


def evidence_label(evidence) -> str:
    """What the audit row says of a piece of evidence: the link, or only "a file", since
    an uploaded file's original name may name people."""
    return f"{evidence.description} ({evidence.url or _('a file')})"


@dataclass(frozen=True)
class EvidenceTrail:
    """Where an app records its evidence changes: on `target` (the update, the report,
    the contract), under the verbs `added` and `removed` (written out in full, so that a
    search for a verb finds its writer), the evidence labelled `about` first (an
    action's code) and with `changes` beside it."""

    target: models.Model
    added: str
    removed: str = ""  # contract evidence is never removed
    about: str = ""
    changes: dict = field(default_factory=dict)

    def record(self, actor, evidence, *, added: bool, channel: str) -> None:
        label = f"{self.about}{evidence_label(evidence)}"
        before, after = (None, label) if added else (label, None)
        activity_record(
            actor=actor,
            verb=self.added if added else self.removed,
            target=self.target,
            changes={**self.changes, "evidence": {"before": before, "after": after}},
            channel=channel,
        )


def _no_lock() -> None:
    return None


def _no_lock_of(parent) -> None:
    return None


def evidence_add(
    *, actor, evidence, description: str, url: str = "", upload=None,
    trail: EvidenceTrail, lock: Callable[[], object] = _no_lock, channel: str = "web",
):  # fmt: skip
    """Add `evidence` (an unsaved row with its parent set): a link, or an uploaded file
    checked for its size and what its bytes are, read before the transaction starts.
    ValidationError names what is wrong."""
    checked = evidence_checked(description=description, url=url, upload=upload)
    with transaction.atomic():
        lock()
        evidence_save(evidence, actor=actor, **checked)
        trail.record(actor, evidence, added=True, channel=channel)
    return evidence


def evidence_remove(
    *, actor, evidence, trail: EvidenceTrail, lock: Callable[[], object] = _no_lock,
    channel: str = "web",
) -> None:  # fmt: skip
    """Remove `evidence`: the row now, its stored file once the transaction commits (a
    rollback keeps both)."""
    with transaction.atomic():
        lock()
        trail.record(actor, evidence, added=False, channel=channel)
        evidence.delete()
        stored_files_delete_on_commit([evidence])


def _nothing_more(evidence) -> None:
    return None


@dataclass(frozen=True)
class EvidenceKind:
    """One app's evidence, served by the one pair above: its `model`, the field naming
    its `parent` (the update, the assessment, the answer), and the app's own policy:
    `check_actor(actor, parent)` refuses who may not act (before anything is read),
    `lock(parent)` locks the parent and refuses the wrong state (in the transaction),
    `trail(parent)` says where the change is recorded, and `removable(evidence)` refuses
    a removal the app keeps (in the transaction, after `lock`)."""

    model: type[models.Model]
    parent: str
    check_actor: Callable[[object, models.Model], None]
    trail: Callable[[models.Model], EvidenceTrail]
    lock: Callable[[models.Model], object] = _no_lock_of
    removable: Callable[[models.Model], None] = _nothing_more

    def add_link(self, *, actor, parent, url: str, description: str, channel: str = "web"):
        return self._add(actor, parent, channel, url=url, description=description)

    def add_file(self, *, actor, parent, upload, description: str, channel: str = "web"):
        """Store an uploaded file under a generated name after checking what it is."""
        return self._add(actor, parent, channel, upload=upload, description=description)

    def add_from_form(self, *, actor, parent, data: dict):
        """Add what the evidence form (`core.forms.EvidenceForm`) gave: a file, or else a
        link."""
        if data.get("file"):
            return self.add_file(
                actor=actor, parent=parent, upload=data["file"], description=data["description"]
            )
        return self.add_link(
            actor=actor, parent=parent, url=data["url"], description=data["description"]
        )

    def _add(self, actor, parent, channel: str, **given):
        self.check_actor(actor, parent)
        return evidence_add(
            actor=actor,
            evidence=self.model(**{self.parent: parent}),
            trail=self.trail(parent),
            lock=lambda: self.lock(parent),
            channel=channel,
            **given,
        )

    def remove(self, *, actor, evidence, channel: str = "web") -> None:
        parent = getattr(evidence, self.parent)
        self.check_actor(actor, parent)

        def lock() -> None:
            self.lock(parent)
            self.removable(evidence)

        evidence_remove(
            actor=actor, evidence=evidence, trail=self.trail(parent), lock=lock, channel=channel
        )


def evidence_posted(request, form, kind: EvidenceKind, parent) -> int | None:
    """Add the evidence a posted evidence `form` holds to `parent`, and say so; or put
    why not on the form (past the size limit, invalid, refused by the service). None
    when it was added, else the status to answer with: 413 past the limit, 400."""
    too_large = evidence_size_error(request)
    if too_large:
        form.add_error("file", too_large)
        return 413
    if not form.is_valid():
        return 400
    try:
        kind.add_from_form(actor=request.user, parent=parent, data=form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return 400
    messages.success(request, _("Evidence added."))
    return None


def stored_files_delete_on_commit(evidence_rows) -> None:
    """Delete these rows' stored files once the transaction commits (their rows are
    deleted in it, perhaps by a cascade)."""
    for evidence in evidence_rows:
        if evidence.file:
            storage, name = evidence.file.storage, evidence.file.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def evidence_file_response(evidence):
    """A stored evidence file, sent as a download under its `download_name`."""
    return stored_file_download(
        evidence.file, filename=evidence.download_name, content_type=evidence.content_type
    )


def evidence_checked(*, description: str, url: str = "", upload=None) -> dict:
    """The description, link and file's bytes of evidence about to be added, checked:
    a description, and a link or a file (within the size limit, of an allowed kind)."""
    description, url = description.strip(), url.strip()
    if not description:
        raise ValidationError({"description": _("Describe what this evidence shows.")})
    if upload is not None and url:
        raise ValidationError(_("Give either a link or a file."))
    if upload is None:
        return {"description": description, "url": url, "upload": None}
    data, content_type = read_evidence_upload(upload)
    name = PurePath(upload.name or "").name[:255]
    return {"description": description, "url": "", "upload": (data, content_type, name)}


def evidence_save(evidence, *, actor, description: str, url: str, upload) -> None:
    """Save checked evidence (`evidence_checked`) without recording it, for a service that
    records it in its own row (a challenge with its evidence). Call inside a transaction.
    A file is stored under a generated name (the original is kept, never used as a path)
    and goes again if the row is refused."""
    evidence.description, evidence.url = description, url
    evidence.added_by = acting_person(actor)
    if upload is None:
        evidence.full_clean()
        evidence.save()
        return
    data, content_type, original_name = upload
    evidence.original_name, evidence.content_type = original_name, content_type
    evidence.size_bytes, evidence.sha256 = len(data), hashlib.sha256(data).hexdigest()
    stored = f"{uuid.uuid4().hex}{PurePath(original_name).suffix.lower()}"
    evidence.file.save(stored, ContentFile(data), save=False)
    try:
        evidence.full_clean()
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
