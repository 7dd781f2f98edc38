"""The module contract: one frozen, declarative description per module.

A module is a Django app that registers its ``Module`` in ``AppConfig.ready()`` with
``kota.registry.catalog.module_register``. Everything the platform, portal, console and
API know about a module comes from this description; URLs and callables are named by
dotted path so describing a module imports nothing heavy.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    """A link in the city's navigation; ``url_name`` is resolved in the module's namespace."""

    label: str | Promise
    url_name: str = "home"


@dataclass(frozen=True)
class Offer:
    """A page a module offers the others without them importing it: ``name`` is what they
    ask for (``"report-at-location"``), ``url_name`` a page in the module's namespace that
    reads the query parameters ``params``. See ``kota.registry.offers``."""

    name: str
    url_name: str
    params: tuple[str, ...] = ()


@dataclass(frozen=True)
class Module:
    key: str
    name: str | Promise
    summary: str | Promise
    # Name of a symbol in the shared icon set (kota/theming/static/kota/icons.svg).
    icon: str
    # The lowest plan tier that includes the module (kota.registry.tiers).
    plan_tier: str = "free"
    depends_on: tuple[str, ...] = ()
    # Dotted paths of URLconfs, mounted by kota.registry.urls at /<key>/ (namespace <key>),
    # /console/<key>/ (namespace <key>-console) and /api/v1/<key>/ (namespace <key>-api).
    citizen_urls: str | None = None
    console_urls: str | None = None
    api_urls: str | None = None
    navigation: tuple[NavEntry, ...] = field(default=())
    # Dotted path of a django.forms.Form; its cleaned_data is the module's settings.
    settings_form: str | None = None
    # Dotted path of a callable(city) that seeds default data, run in the city's schema the
    # first time the city enables the module (never again, even after a disable).
    seed: str | None = None
    # Dotted path of a callable() returning the module's public URL paths for the sitemap.
    sitemap_paths: str | None = None
    # Dotted path of a callable(user) that anonymises what the user filed in this module
    # when they delete their account (UU PDP); the filings themselves stay for the city.
    personal_data_erase: str | None = None
    # Dotted path of a callable(city, folder: pathlib.Path) that loads the content a city's
    # manifest ships for the module ([content] <key> = "<folder>"), idempotently, in the
    # city's schema; it returns whether anything changed and raises ValidationError (its
    # messages naming file, line and column) when the content is bad.
    content_load: str | None = None
    # Pages offered to other modules (Offer); found by kota.registry.offers.offer_url.
    offers: tuple[Offer, ...] = field(default=())
    # City kinds ("kota", "kabupaten") for which the signup wizard preselects the module.
    presets: tuple[str, ...] = ()
    # Whether the module has an officer role ("officer-<key>") for the city's staff.
    has_officers: bool = True

    @property
    def officer_role(self) -> str:
        return f"officer-{self.key}"

    @property
    def api_root(self) -> str:
        return f"/api/v1/{self.key}/"

    @property
    def home_path(self) -> str:
        return f"/{self.key}/"
