"""System check: every theme pack is usable and the default one exists, so a broken
theme.toml stops ``check``/``migrate``/the server instead of silently falling back."""

from django.core import checks

from kota.theming.packs import DEFAULT_THEME, theme_keys, theme_pack_problems, themes_dir


@checks.register()
def theme_packs_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = [
        checks.Error(f"Theme pack {key!r}: {problem}.", id="kota.theming.E001")
        for key, problem in sorted(theme_pack_problems().items())
    ]
    if DEFAULT_THEME not in theme_keys():
        errors.append(
            checks.Error(
                f"There is no usable theme pack {DEFAULT_THEME!r} in {themes_dir()}.",
                id="kota.theming.E002",
            )
        )
    return errors
