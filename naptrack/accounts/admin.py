"""People, roles and organizations in the Django admin, and the audit trail of what
platform admins manage.

Every save and delete goes through the accounts services, so admin changes are checked by
the same rules as the People page and recorded in the activity log. Only platform admins
and superusers may use these pages, whatever Django model permissions say.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q

from naptrack.accounts import services
from naptrack.accounts.models import ApiToken, Membership, Organization, User
from naptrack.accounts.permissions import is_platform_admin
from naptrack.core.forms import service_error_text
from naptrack.core.models import Activity
from naptrack.registry.admin import ReadOnlyAdmin

# The audit rows an admin may read: those about what admins themselves manage. Rows about
# plans, reports, cards, evidence and documents carry their titles and notes, drafts
# included, so they stay out (fail closed: a new kind of target is out until listed here).
# The public history pages show the public part of those rows.
ADMIN_AUDITED = {
    "accounts": ["user", "organization", "membership", "apitoken", "rolerequest"],
    "library": ["keywordfamily", "keyword"],
    "contractors": ["checklistversion"],
    "registry": [
        "standardindicator",
        "country",
        "region",
        "regionalorganization",
        "resolution",
        "pillar",
    ],
}


class PlatformAdminOnly:
    """The platform-admin role (or superuser) decides, not Django's model permissions, so
    the People page and the admin agree; the admin site itself still needs is_staff."""

    def has_module_permission(self, request):
        return is_platform_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_add_permission(self, request):
        return is_platform_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_platform_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_platform_admin(request.user)


class MembershipInline(admin.TabularInline):
    """Read-only here: grants and revocations go through the Membership pages."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = ["role", "organization", "country", "regional_organization", "created_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(PlatformAdminOnly, admin.ModelAdmin):
    list_display = ["email", "display_name", "is_active", "is_superuser", "date_joined"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    search_fields = ["email", "display_name"]
    fields = ["email", "display_name", "is_active", "is_superuser", "date_joined", "last_login"]
    readonly_fields = ["email", "is_superuser", "date_joined", "last_login"]
    inlines = [MembershipInline]

    # People sign up themselves (with email verification); accounts are suspended, not deleted.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.user_update(
            actor=request.user,
            user=obj,
            channel="admin",
            **{name: form.cleaned_data[name] for name in services.USER_FIELDS},
        )


class MembershipAdminForm(forms.ModelForm):
    actor = None  # the signed-in admin, set by MembershipAdmin.get_form

    class Meta:
        model = Membership
        fields = ["user", "role", "organization", "country", "regional_organization"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                services.membership_check(
                    actor=self.actor,
                    user=data.get("user"),
                    role=data.get("role"),
                    organization=data.get("organization"),
                    country=data.get("country"),
                    regional_organization=data.get("regional_organization"),
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


@admin.register(Membership)
class MembershipAdmin(PlatformAdminOnly, admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "country", "regional_organization", "organization"]
    list_filter = ["role"]
    search_fields = ["user__email", "country__name", "regional_organization__short_name"]
    list_select_related = ["user", "country", "regional_organization", "organization"]
    autocomplete_fields = ["user"]
    actions = ["revoke_selected"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a class made for this request: the checks need the granter
        return form

    # A membership is granted or revoked, never edited: each is one audited event.
    def has_change_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        membership = services.membership_grant(
            actor=request.user,
            channel="admin",
            **{name: form.cleaned_data[name] for name in MembershipAdminForm.Meta.fields},
        )
        obj.pk, obj.created_at = membership.pk, membership.created_at

    def delete_model(self, request, obj):
        services.membership_revoke(actor=request.user, membership=obj, channel="admin")

    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("user"):
            self.delete_model(request, membership)

    @admin.action(description="Revoke the selected memberships", permissions=["delete"])
    def revoke_selected(self, request, queryset):
        for membership in queryset.select_related("user"):
            try:
                services.membership_revoke(
                    actor=request.user, membership=membership, channel="admin"
                )
            except ValidationError as exc:
                self.message_user(
                    request, f"{membership}: {service_error_text(exc)}", messages.ERROR
                )


class OrganizationAdminForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Organization
        fields = list(services.ORGANIZATION_FIELDS)


@admin.register(Organization)
class OrganizationAdmin(PlatformAdminOnly, admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "kind", "country", "regional_organization"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["country", "regional_organization"]

    # Memberships and reports hang on an organization; removing one is not an admin click.
    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.ORGANIZATION_FIELDS}
        if change:
            services.organization_update(
                actor=request.user, organization=obj, channel="admin", **fields
            )
        else:
            created = services.organization_create(actor=request.user, channel="admin", **fields)
            obj.pk = created.pk


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are listed by prefix only; an admin may revoke one, never see or create it."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "prefix", "name"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke_selected"]

    @admin.action(description="Revoke the selected tokens", permissions=["view"])
    def revoke_selected(self, request, queryset):
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(actor=request.user, token=token, channel="admin")


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    """The audit trail is append-only, including for administrators."""

    list_display = ["created_at", "actor_label", "verb", "target_label", "channel"]
    list_filter = ["verb", "channel"]
    search_fields = ["target_label", "actor_label"]

    def get_queryset(self, request):
        audited = Q()
        for app_label, models in ADMIN_AUDITED.items():
            audited |= Q(target_type__app_label=app_label, target_type__model__in=models)
        return super().get_queryset(request).filter(audited)
