from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    MODERATOR = "moderator", _("Moderator")
    COORDINATOR = "coordinator", _("Country coordinator")
    AGENCY_REPORTER = "agency_reporter", _("Agency reporter")
    CSO_MEMBER = "cso_member", _("Civil-society member")
    ANALYST = "analyst", _("Analyst")


class OrganizationKind(models.TextChoices):
    GOVERNMENT_AGENCY = "government_agency", _("Government agency")
    CSO = "cso", _("Civil-society organization")
    COALITION = "coalition", _("Coalition")
    REGIONAL_BODY = "regional_body", _("Regional body")
    UN_ENTITY = "un_entity", _("UN entity")


class RoleRequestState(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


# Roles a person may ask for; platform roles are given by admins on their own initiative.
REQUESTABLE_ROLES = (Role.COORDINATOR, Role.AGENCY_REPORTER, Role.CSO_MEMBER, Role.ANALYST)
