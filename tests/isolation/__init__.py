"""The cross-city suite: nothing of one city is visible or usable from another's host,
session, task or cache entry, nor from the platform's."""
