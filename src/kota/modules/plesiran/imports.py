"""Placeholder: bulk import from CSV and GeoJSON, and manifest content, being built."""


def content_load(city, folder) -> None:
    return None
