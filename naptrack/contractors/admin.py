"""The compliance checklist in the Django admin, for platform admins: the checklist is
data they version. Adding a version copies the newest one as a draft; a draft's items
are edited inline; publishing freezes it. Every change goes through the audited
services. Challenges and incidents are not here: the admin would show a pseudonymous
challenger and unpublished summaries to people who have no need to read them."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from naptrack.accounts.admin import PlatformAdminOnly
from naptrack.contractors import services
from naptrack.contractors.models import ChecklistItem, ChecklistVersion
from naptrack.core.forms import flash_service_errors


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["position", "code", "label", "guidance"]

    def _editable(self, obj) -> bool:
        return obj is not None and not obj.is_published

    def has_add_permission(self, request, obj=None):
        return self._editable(obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj)


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(PlatformAdminOnly, admin.ModelAdmin):
    list_display = ["number", "published_at", "created_at"]
    fields = ["number", "notes", "published_at"]
    readonly_fields = ["number", "published_at"]
    inlines = [ChecklistItemInline]
    actions = ["publish_selected"]

    def has_delete_permission(self, request, obj=None):
        return False  # answers point at its items

    def has_change_permission(self, request, obj=None):
        editable = obj is None or not obj.is_published
        return editable and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return  # only the notes are editable on a draft; items are saved below
        newest = ChecklistVersion.objects.order_by("-number").first()
        created = services.checklist_version_draft(
            actor=request.user, copy_from=newest, notes=obj.notes, channel="admin"
        )
        obj.pk, obj.number = created.pk, created.number

    def save_formset(self, request, form, formset, change):
        version = form.instance
        # The admin's change message reads these, as formset.save() would have set them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for item_form in formset.deleted_forms:
            if item_form.instance.pk:
                services.checklist_item_remove(
                    actor=request.user, item=item_form.instance, channel="admin"
                )
                formset.deleted_objects.append(item_form.instance)
        for item_form in formset.forms:
            data = getattr(item_form, "cleaned_data", None)
            if not data or data.get("DELETE") or not item_form.has_changed():
                continue
            item = services.checklist_item_save(
                actor=request.user,
                version=version,
                code=data["code"],
                label=data["label"],
                guidance=data.get("guidance", ""),
                position=data.get("position") or 0,
                channel="admin",
            )
            if item_form.instance.pk:
                formset.changed_objects.append((item, item_form.changed_data))
            else:
                formset.new_objects.append(item)

    @admin.action(description="Publish the selected draft versions")
    def publish_selected(self, request, queryset):
        for version in queryset.filter(published_at__isnull=True):
            try:
                services.checklist_version_publish(
                    actor=request.user, version=version, channel="admin"
                )
            except ValidationError as error:
                flash_service_errors(request, error)
