"""`python -m kota_localstripe --port N` (development and tests only)."""

from kota_localstripe.server import main

main()
