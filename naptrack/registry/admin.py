"""The registry in the Django admin: a read-only window for platform admins.

Admins and moderators never edit a government's content, so plans and their sources are
view-only here (coordinators edit them on the site). Reference data comes from the files
in reference_data/; the one exception is the standard indicator, which an administrator
may correct and verify through standard_indicator_update (audited).
"""

from django.contrib import admin
from django.db import models

from naptrack.accounts.permissions import is_platform_admin
from naptrack.registry.models import (
    ActionPlan,
    Citation,
    Country,
    Pillar,
    Region,
    RegionalOrganization,
    Resolution,
    StandardIndicator,
)
from naptrack.registry.selectors import plans_visible_to
from naptrack.registry.services import INDICATOR_FIELDS, standard_indicator_update


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CitationInline(admin.TabularInline):
    model = Citation
    fields = ["url", "title", "accessed", "from_reference"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "publication", "origin", "adoption_date"]
    list_filter = ["status", "publication", "origin"]
    search_fields = ["title", "country__name", "regional_organization__short_name"]
    # The predecessor may be a draft, and its title would show here; the plan's page shows
    # the lineage as each visitor may see it.
    exclude = ["predecessor"]
    inlines = [CitationInline]

    def get_queryset(self, request):
        # Drafts stay with their coordinators in every channel, the admin included.
        return plans_visible_to(request.user).select_related("country", "regional_organization")


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ["name", "iso3", "region", "subregion", "un_member"]
    list_select_related = ["region", "subregion"]
    search_fields = ["name", "iso3"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["name", "m49", "level"]


@admin.register(RegionalOrganization)
class RegionalOrganizationAdmin(ReadOnlyAdmin):
    list_display = ["short_name", "name", "slug"]
    search_fields = ["short_name", "name"]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdmin):
    list_display = ["number", "year", "summary"]


@admin.register(Pillar)
class PillarAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "position"]


@admin.register(StandardIndicator)
class StandardIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["number", "short_name", "pillar", "verified"]
    list_filter = ["verified", "pillar"]
    list_select_related = ["pillar"]
    search_fields = ["number", "short_name"]
    fields = ["number", *INDICATOR_FIELDS, "reference_snapshot"]
    readonly_fields = ["number", "reference_snapshot"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def save_model(self, request, obj, form, change):
        standard_indicator_update(
            actor=request.user,
            indicator=obj,
            channel="admin",
            **{name: form.cleaned_data[name] for name in INDICATOR_FIELDS},
        )
