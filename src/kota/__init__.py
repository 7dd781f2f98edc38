"""Kota: one deployment that serves many Indonesian cities, each in its own schema."""
