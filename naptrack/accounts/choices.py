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
