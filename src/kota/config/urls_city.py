"""URLs of a city's site (its hosts, its schema).

The shell's own pages, then every registered module's citizen, console and API URLs
(kota.registry.urls), each guarded by ModuleGateMiddleware.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from kota.portal import views as portal_views
from kota.portal.api import urls as portal_api_urls
from kota.registry.sitemaps import sitemap
from kota.registry.urls import api_urlpatterns, citizen_urlpatterns, console_urlpatterns

urlpatterns = [
    path("", portal_views.home, name="city-home"),
    path("manifest.webmanifest", portal_views.web_manifest, name="web-manifest"),
    path("sw.js", portal_views.service_worker, name="service-worker"),
    path("offline/", portal_views.offline, name="offline"),
    # The city's own uploads (MEDIA_ROOT/<schema>/); a proxy or CDN may serve MEDIA_ROOT instead.
    path("media/<slug:schema>/<path:path>", portal_views.city_media, name="city-media"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("kota.theming.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("accounts/", include("kota.accounts.urls")),
    path("console/", include("kota.console.urls")),
    path("console/", include(console_urlpatterns())),
    path("api/v1/", include(portal_api_urls)),
    path("api/v1/", include(("kota.accounts.api.urls", "accounts-api"))),
    path("api/v1/", include(api_urlpatterns())),
    # The schema of this URLconf (the default would be ROOT_URLCONF, the platform's).
    path("api/schema/", SpectacularAPIView.as_view(urlconf=__name__), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *citizen_urlpatterns(),
]
