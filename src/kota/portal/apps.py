from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "kota.portal"
    label = "portal"
