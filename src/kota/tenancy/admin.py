"""Operator console (/operator/ on the platform site): cities, their domains and status."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kota.tenancy.models import City, CityStatus, Domain
from kota.tenancy.services import city_resume, city_suspend

# The operator console is Django's admin site, mounted by kota.config.urls_platform.
admin.site.site_header = _("Kota — operator")
admin.site.site_title = _("Kota operator")
admin.site.index_title = _("Cities and platform")


class DomainInline(admin.TabularInline):
    """Domains are shown, not edited here: manifests (and later the city console) add
    them through the service that validates them."""

    model = Domain
    extra = 0
    fields = ["domain", "is_primary"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "status", "kind", "province", "primary_domain", "created_at"]
    list_filter = ["status", "kind", "province"]
    search_fields = ["name", "slug", "domains__domain"]
    readonly_fields = [
        "slug",
        "schema_name",
        "status",
        "status_changed_at",
        "created_at",
        "updated_at",
    ]
    inlines = [DomainInline]
    actions = ["suspend_cities", "resume_cities"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("domains")

    @admin.display(description=_("primary domain"))
    def primary_domain(self, city: City) -> str:
        return next((d.domain for d in city.domains.all() if d.is_primary), "—")

    # Cities are created through manifests or the signup wizard (which provision a
    # schema) and are archived, never deleted, so no data is lost by a click.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Suspend selected cities (site shows “temporarily unavailable”)"))
    def suspend_cities(self, request, queryset):
        changed = [city_suspend(city=c) for c in queryset.filter(status=CityStatus.ACTIVE)]
        self.message_user(
            request,
            ngettext("%d city suspended.", "%d cities suspended.", len(changed)) % len(changed),
            messages.SUCCESS,
        )

    @admin.action(description=_("Resume selected suspended cities"))
    def resume_cities(self, request, queryset):
        changed = [city_resume(city=c) for c in queryset.filter(status=CityStatus.SUSPENDED)]
        self.message_user(
            request,
            ngettext("%d city resumed.", "%d cities resumed.", len(changed)) % len(changed),
            messages.SUCCESS,
        )
