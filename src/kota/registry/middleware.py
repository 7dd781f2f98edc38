"""The one guard: a module that is not live on this city answers 404 on every URL it has."""

from django.http import Http404, HttpRequest, JsonResponse
from rest_framework.exceptions import NotFound

from kota.registry.gating import module_is_live
from kota.registry.urls import namespace_module_key


class ModuleGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not match.namespaces:
            return None
        key = namespace_module_key(match.namespaces[0])
        if key is None or module_is_live(getattr(request, "city", None), key):
            return None
        if request.path.startswith("/api/"):
            # DRF's own words for a 404, in the request's language: the same answer as
            # for anything else that is not there.
            return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
        raise Http404("module not live")
