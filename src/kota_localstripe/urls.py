"""Where the server's own pages are reached from a browser (development and tests only)."""

public_url = "http://127.0.0.1:8420"  # set by kota_localstripe.server at start


def page_url(path: str) -> str:
    return public_url + path
