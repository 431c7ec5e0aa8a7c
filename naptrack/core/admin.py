from django.contrib import admin

from naptrack.core.models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "verb", "target_label", "channel"]
    list_filter = ["verb", "channel"]
    search_fields = ["target_label", "actor_label"]

    # The audit trail is append-only, including for administrators.
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
