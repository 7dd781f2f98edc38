"""Support for Kota's own test suite (pytest plugin, shared helpers)."""
