from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "kota.onboarding"
    label = "onboarding"
