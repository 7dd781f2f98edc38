from tests.registry.noticeboard.models import Notice


def notice_paths() -> list[str]:
    return [
        "/noticeboard/",
        *(f"/noticeboard/{slug}/" for slug in Notice.objects.values_list("slug", flat=True)),
    ]
