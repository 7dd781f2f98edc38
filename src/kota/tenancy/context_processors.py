from django.http import HttpRequest


def current_city(request: HttpRequest) -> dict:
    return {"city": getattr(request, "city", None)}
