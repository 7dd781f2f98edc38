"""Operator console: plans, each city's billing account and the Stripe events received."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kota.billing.models import Account, Plan, StripeEvent
from kota.billing.services import (
    account_open,
    account_sync,
    has_live_subscription,
    invoice_billing_start,
    prices_ensure,
)
from kota.billing.stripe_api import BillingUnavailable
from kota.billing.tasks import stripe_event_process_task


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "key",
        "price_idr",
        "seat_limit",
        "is_public",
        "billed_by_invoice",
        "stripe_price_id",
        "order",
    )
    list_editable = ("order",)
    readonly_fields = ("stripe_price_id",)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if obj.is_free or ("price_idr" not in form.changed_data and obj.stripe_price_id):
            return
        # A paid plan, new or at a new price, gets its Stripe price now (subscribers keep
        # the price they pay until they change plan).
        try:
            prices_ensure()
        except BillingUnavailable:
            self.message_user(
                request,
                _("Stripe could not be reached: run “kota billing prices” once it can be."),
                messages.WARNING,
            )


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["plan"]

    def clean_plan(self):
        plan = self.cleaned_data["plan"]
        if self.instance.pk and plan != self.instance.plan and has_live_subscription(self.instance):
            raise ValidationError(
                _("This city pays through a Stripe subscription: change its plan in Stripe.")
            )
        return plan


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    form = AccountForm
    list_display = ("city", "plan", "status", "current_period_end", "past_due_since", "synced_at")
    list_filter = ("plan", "status")
    search_fields = ("city__name", "city__slug", "stripe_customer_id", "stripe_subscription_id")
    list_select_related = ("city", "plan")
    readonly_fields = (
        "city",
        "stripe_customer_id",
        "stripe_subscription_id",
        "status",
        "collection_method",
        "current_period_end",
        "cancel_at_period_end",
        "past_due_since",
        "checkout_session_id",
        "synced_at",
    )
    actions = ["read_from_stripe", "bill_by_invoice"]

    def has_add_permission(self, request) -> bool:
        return False  # every city gets its account when it is made

    def save_model(self, request, obj, form, change) -> None:
        # Giving a plan goes through the service: it also leaves an ended subscription
        # behind, so the next read from Stripe does not take the plan back.
        if "plan" in form.changed_data:
            with transaction.atomic():
                account_open(city=obj.city, plan_key=obj.plan.key)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Read the subscription from Stripe again"))
    def read_from_stripe(self, request, queryset):
        changed = 0
        for account in queryset.exclude(stripe_customer_id=None):
            try:
                changed += account_sync(account_id=account.pk)
            except BillingUnavailable:
                self.message_user(
                    request, _("Stripe could not be read for %s.") % account.city, messages.ERROR
                )
        self.message_user(request, _("%d account(s) changed.") % changed)

    @admin.action(description=_("Bill the account's plan by invoice (bank transfer)"))
    def bill_by_invoice(self, request, queryset):
        for account in queryset.select_related("plan", "city"):
            try:
                invoice_billing_start(account=account)
            except ValidationError as error:
                self.message_user(
                    request, f"{account.city}: {' '.join(error.messages)}", messages.ERROR
                )
            except BillingUnavailable:
                self.message_user(
                    request, _("Stripe could not be reached for %s.") % account.city, messages.ERROR
                )
            else:
                self.message_user(
                    request, _("%s is now billed by invoice.") % account.city, messages.SUCCESS
                )


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("stripe_id", "type", "received_at", "processed_at", "attempts", "last_error")
    list_filter = ("type", ("processed_at", admin.EmptyFieldListFilter))
    search_fields = ("stripe_id",)
    readonly_fields = [f.name for f in StripeEvent._meta.fields]
    actions = ["process_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Process again"))
    def process_again(self, request, queryset):
        for stripe_id in queryset.filter(processed_at=None).values_list("stripe_id", flat=True):
            stripe_event_process_task.delay(stripe_id)
        self.message_user(request, _("Queued."))
