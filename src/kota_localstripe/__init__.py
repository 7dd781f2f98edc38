"""localstripe with the pieces Kota's billing needs, for development and tests only.

localstripe 1.15.10 fakes much of the Stripe API but lacks Prices, Checkout Sessions, the
billing portal, `send_invoice` subscriptions, paying an invoice out of band, a way to bill
the next period now, and some events. This package adds them on top of it, keeps all state
in memory and listens on 127.0.0.1 only. Start it with `python -m kota_localstripe --port N`
(or `launcher.server_start`). Nothing here is imported by the application.
"""
