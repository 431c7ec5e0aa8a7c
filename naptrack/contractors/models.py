"""The register of private contractors working for governments and regional bodies in
peace and security, their contracts, and each contract's answers to the 1325/1820
compliance checklist (see docs/contractors.md).

- The checklist is data: a `ChecklistVersion` with its `ChecklistItem`s, edited by
  platform administrators while a draft and frozen once published. Answers point at an
  item, hence at the version they answered.
- Civil society challenges an answer (`Challenge`), named or under a pseudonym, and a
  moderator publishes or rejects it first. `__str__` never names the challenger.
- An `Incident` has no field about a person: a year, a type, and a summary shown only
  when the contracting authority publishes it. Otherwise only counts are public.

Workflow lives in services.py; the database holds the invariants.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from naptrack.contractors.choices import (
    Answer,
    ChallengeState,
    IcocaMembership,
    IncidentType,
    PublicationMode,
)
from naptrack.core.models import EvidenceBase, evidence_constraints, person_field
from naptrack.registry.choices import Origin

USER = settings.AUTH_USER_MODEL


class PublicQuerySet(models.QuerySet):
    def public(self):
        """Synthetic (demo) records never enter the public register."""
        return self.exclude(origin=Origin.SYNTHETIC)


class Contractor(models.Model):
    name = models.CharField(max_length=300)
    country_of_registration = models.ForeignKey(
        "registry.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registered_contractors",
    )
    icoca_membership = models.CharField(
        _("ICoCA membership"),
        max_length=10,
        choices=IcocaMembership.choices,
        default=IcocaMembership.UNKNOWN,
    )
    icoca_source = models.URLField(
        _("source of the ICoCA membership"),
        max_length=1000,
        blank=True,
        help_text=_("Where the membership is stated (ICoCA's own list); needed unless unknown."),
    )
    icoc_signatory = models.CharField(
        _("signatory of the International Code of Conduct"),
        max_length=8,
        choices=Answer.choices,
        default=Answer.UNKNOWN,
    )
    icoc_source = models.URLField(_("source of the signature"), max_length=1000, blank=True)
    other_codes = models.TextField(
        blank=True, help_text=_("Other codes of conduct the company has signed, with sources.")
    )
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.PLATFORM)
    created_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="contractor_name_required"),
            models.UniqueConstraint(
                fields=["name", "country_of_registration"],
                name="contractor_unique_name",
                violation_error_message=_("This company is already in the register."),
            ),
            models.CheckConstraint(
                condition=Q(icoca_membership__in=IcocaMembership.values),
                name="contractor_icoca_valid",
            ),
            models.CheckConstraint(
                condition=Q(icoca_membership=IcocaMembership.UNKNOWN) | ~Q(icoca_source=""),
                name="contractor_icoca_sourced",
                violation_error_message=_("Give the source of the ICoCA membership."),
            ),
            models.CheckConstraint(
                condition=Q(icoc_signatory__in=Answer.values), name="contractor_icoc_valid"
            ),
            models.CheckConstraint(
                condition=Q(icoc_signatory=Answer.UNKNOWN) | ~Q(icoc_source=""),
                name="contractor_icoc_sourced",
                violation_error_message=_("Give the source of the signature."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contractors:contractor", args=[self.pk])


class Contract(models.Model):
    """A contract between a government (or a regional body) and a company. The owner is
    the country or the regional organization; `authority_body` is, where known, the
    ministry or agency that signed it, whose members answer the checklist."""

    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="contracts")
    authority_country = models.ForeignKey(
        "registry.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_awarded",
    )
    authority_regional_organization = models.ForeignKey(
        "registry.RegionalOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_awarded",
    )
    authority_body = models.ForeignKey(
        "accounts.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts_awarded",
        help_text=_("The ministry, agency or regional body that signed the contract."),
    )
    country_of_operation = models.ForeignKey(
        "registry.Country", on_delete=models.PROTECT, related_name="contracts_operating"
    )
    title = models.CharField(max_length=300)
    reference = models.CharField(
        max_length=120, blank=True, help_text=_("The authority's contract number, if public.")
    )
    services = models.TextField(help_text=_("What the company provides."))
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    value = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty when the value is unknown or not public."),
    )
    currency = models.CharField(max_length=3, blank=True, help_text=_("ISO 4217 code."))
    source_url = models.URLField(
        max_length=1000, blank=True, help_text=_("A public notice of the contract, if any.")
    )
    actions = models.ManyToManyField(
        "plans.Action",
        blank=True,
        related_name="contracts",
        help_text=_("Actions of the owner's action plans that concern this contract."),
    )
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.PLATFORM)
    created_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="contract_title_required"),
            models.CheckConstraint(condition=~Q(services=""), name="contract_services_required"),
            models.CheckConstraint(
                condition=Q(authority_country__isnull=False, authority_regional_organization=None)
                | Q(authority_country=None, authority_regional_organization__isnull=False),
                name="contract_has_exactly_one_authority",
                violation_error_message=_(
                    "A contract is awarded by one country or one regional organization."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date=None) | Q(end_date=None) | Q(end_date__gte=F("start_date")),
                name="contract_period_ordered",
                violation_error_message=_("The contract cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(value=None, currency="") | (Q(value__gte=0) & ~Q(currency="")),
                name="contract_value_has_currency",
                violation_error_message=_(
                    "Give the value with its currency, or neither when unknown."
                ),
            ),
        ]
        indexes = [models.Index(fields=["authority_country", "country_of_operation"])]

    def __str__(self) -> str:
        return _("Contract #%(pk)s: %(title)s") % {"pk": self.pk, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("contractors:contract", args=[self.pk])

    @property
    def authority(self):
        return self.authority_country or self.authority_regional_organization


class ChecklistVersion(models.Model):
    """One version of the compliance checklist. Editable while a draft; once published it
    never changes, so answers given against it keep their meaning."""

    number = models.PositiveIntegerField(unique=True)
    notes = models.TextField(blank=True, help_text=_("What changed from the previous version."))
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="checklist_number_positive"),
        ]

    def __str__(self) -> str:
        return _("Checklist version %(number)s") % {"number": self.number}

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ChecklistItem(models.Model):
    version = models.ForeignKey(ChecklistVersion, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text=_("What counts as yes, and as evidence."))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"],
                name="checklist_item_unique_code",
                violation_error_message=_("This version already has an item with this code."),
            ),
            models.CheckConstraint(condition=~Q(label=""), name="checklist_item_label_required"),
        ]

    def __str__(self) -> str:
        return f"{self.code} (v{self.version.number})"


class ChecklistAnswer(models.Model):
    """The contracting authority's answer to one item for one contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.UNKNOWN)
    explanation = models.TextField(blank=True)
    answered_by = person_field()
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["contract", "item__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "item"],
                name="checklist_answer_unique",
                violation_error_message=_("This item is already answered for this contract."),
            ),
            models.CheckConstraint(
                condition=Q(answer__in=Answer.values), name="checklist_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return _("Answer #%(pk)s on contract #%(contract)s") % {
            "pk": self.pk,
            "contract": self.contract_id,
        }


def evidence_path(instance, filename: str) -> str:
    # The service generates the name; the original stays private in original_name.
    return f"contractors/evidence/{filename}"


class AnswerEvidence(EvidenceBase):
    """A link or a file backing an answer, served under its neutral name."""

    answer = models.ForeignKey(ChecklistAnswer, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200, blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = "answer evidence"
        constraints = evidence_constraints("answer_evidence")


class Challenge(models.Model):
    """Civil society's challenge to an answer: what it says the answer should be, why,
    with evidence. Public only once a moderator publishes it; then shown under the
    organization's name or the pseudonym."""

    answer = models.ForeignKey(ChecklistAnswer, on_delete=models.CASCADE, related_name="challenges")
    author = models.ForeignKey(
        "accounts.Organization", on_delete=models.PROTECT, related_name="contract_challenges"
    )
    created_by = person_field()
    publication_mode = models.CharField(
        max_length=12, choices=PublicationMode.choices, default=PublicationMode.NAMED
    )
    pseudonym = models.CharField(max_length=120, blank=True)
    claimed_answer = models.CharField(
        max_length=8,
        choices=Answer.choices,
        help_text=_("What the challenger says the answer should be."),
    )
    text = models.TextField()
    state = models.CharField(
        max_length=12, choices=ChallengeState.choices, default=ChallengeState.SUBMITTED
    )
    moderated_by = person_field()
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-moderated_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="challenge_text_required"),
            models.CheckConstraint(
                condition=Q(state__in=ChallengeState.values), name="challenge_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(claimed_answer__in=Answer.values), name="challenge_claim_valid"
            ),
            models.CheckConstraint(
                condition=Q(publication_mode=PublicationMode.NAMED, pseudonym="")
                | (Q(publication_mode=PublicationMode.PSEUDONYMOUS) & ~Q(pseudonym="")),
                name="challenge_pseudonym_iff_pseudonymous",
                violation_error_message=_("A pseudonymous challenge needs a pseudonym."),
            ),
            models.CheckConstraint(
                condition=Q(state=ChallengeState.SUBMITTED) | Q(moderated_at__isnull=False),
                name="challenge_moderation_dated",
            ),
            models.CheckConstraint(
                condition=~Q(state=ChallengeState.REJECTED) | ~Q(moderation_note=""),
                name="challenge_rejection_has_reason",
                violation_error_message=_("Say why the challenge is rejected."),
            ),
        ]
        indexes = [models.Index(fields=["state", "answer"])]

    def __str__(self) -> str:
        return _("Challenge #%(pk)s") % {"pk": self.pk}

    @property
    def is_pseudonymous(self) -> bool:
        return self.publication_mode == PublicationMode.PSEUDONYMOUS

    @property
    def public_byline(self) -> str:
        return self.pseudonym if self.is_pseudonymous else self.author.name


class ChallengeEvidence(EvidenceBase):
    """A link or a file backing a challenge, served under its neutral name."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=200, blank=True)

    class Meta(EvidenceBase.Meta):
        verbose_name_plural = "challenge evidence"
        constraints = evidence_constraints("challenge_evidence")


class Incident(models.Model):
    """An incident the contracting authority recorded. Deliberately nothing about a
    person: no name, age, place or date finer than the year. The public sees counts by
    contract, year and type; the summary only once the authority publishes the incident,
    and the summary is screened for names and contact details when saved."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="incidents")
    year = models.PositiveSmallIntegerField()
    incident_type = models.CharField(max_length=30, choices=IncidentType.choices)
    summary = models.TextField(
        blank=True,
        help_text=_(
            "What happened and what was done, without anything that could identify a survivor."
        ),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    recorded_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(incident_type__in=IncidentType.values), name="incident_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="incident_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(published_at=None) | ~Q(summary=""),
                name="incident_published_has_summary",
                violation_error_message=_("Write the public summary before publishing."),
            ),
        ]

    def __str__(self) -> str:
        return _("Incident #%(pk)s on contract #%(contract)s") % {
            "pk": self.pk,
            "contract": self.contract_id,
        }
