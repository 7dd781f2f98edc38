"""`kota billing sync` reconciles every city with Stripe; `kota billing prices` makes the
Stripe prices of the paid plans."""

from django.core.management.base import BaseCommand, CommandError, no_translations

from kota.billing.models import Account
from kota.billing.services import account_sync, prices_ensure
from kota.billing.stripe_api import BillingUnavailable


class Command(BaseCommand):
    help = "Reconcile cities with Stripe (sync) or create the paid plans' prices (prices)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["sync", "prices"])
        parser.add_argument("--city", help="only this city (its address), for sync")

    @no_translations
    def handle(self, *args, action: str, city: str | None = None, **options):
        if action == "prices":
            try:
                done = prices_ensure()
            except BillingUnavailable as error:
                raise CommandError(f"Stripe could not be reached: {error}") from error
            self.stdout.write("\n".join(done) or "Every paid plan has its price.")
            return
        accounts = Account.objects.exclude(stripe_customer_id=None).select_related("city", "plan")
        if city:
            accounts = accounts.filter(city__slug=city)
            if not accounts.exists():
                raise CommandError(f"No city {city} with billing in Stripe.")
        changed = failed = 0
        for account in accounts.order_by("city__slug"):
            try:
                if account_sync(account_id=account.pk):
                    changed += 1
                    account.refresh_from_db()
                    status = account.status or "no subscription"
                    self.stdout.write(f"{account.city.slug}: {account.plan.key}, {status}")
            except BillingUnavailable as error:
                failed += 1
                self.stderr.write(f"{account.city.slug}: Stripe could not be read ({error}).")
        self.stdout.write(f"{accounts.count()} checked, {changed} changed, {failed} failed.")
        if failed:
            raise CommandError(f"{failed} city(ies) could not be read from Stripe.")
