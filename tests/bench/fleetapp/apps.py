from django.apps import AppConfig


class FleetAppConfig(AppConfig):
    name = "tests.bench.fleetapp"
    label = "fleetapp"
