"""e-plesiran's REST API for mobile apps, at /api/v1/plesiran/."""
