from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kota.core"
    label = "core"
