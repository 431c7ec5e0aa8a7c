from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed (waiting for every side to agree)")
    AGREED = "agreed", _("Agreed")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
    DECLINED = "declined", _("Declined")


# A partnership is public once every side has agreed: from then on, whatever its status.
PUBLIC_STATUSES = (PartnershipStatus.AGREED, PartnershipStatus.ACTIVE, PartnershipStatus.ENDED)
# The moves a side may make once the partnership is agreed.
STATUS_MOVES = {
    PartnershipStatus.AGREED: (PartnershipStatus.ACTIVE, PartnershipStatus.ENDED),
    PartnershipStatus.ACTIVE: (PartnershipStatus.ENDED,),
}


class ExchangeKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    WORKSHOP = "workshop", _("Workshop or training")
    DOCUMENT = "document", _("Document shared")
    MEETING = "meeting", _("Meeting (online or in person)")
    OTHER = "other", _("Other")
