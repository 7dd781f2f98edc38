from django.contrib import admin

from kota.billing.models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "price_idr", "seat_limit", "is_public", "order")
    list_editable = ("order",)
