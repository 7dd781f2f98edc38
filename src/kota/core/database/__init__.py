"""Kota's database backend: django-tenants' PostgreSQL backend with schema-scoped
introspection that stays fast when the database holds thousands of city schemas."""
