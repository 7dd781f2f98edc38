"""The categories every city starts with: Tangerang's visitable categories, as e-plesiran
groups them. A city chooses which it uses in the module's settings."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CategoryDefault:
    slug: str
    name_id: str
    name_en: str
    icon: str


CATEGORY_DEFAULTS = (
    CategoryDefault("religi", "Wisata religi", "Religious", "landmark"),
    CategoryDefault("sejarah-budaya", "Sejarah dan budaya", "Heritage and culture", "landmark"),
    CategoryDefault("kuliner", "Kuliner", "Culinary", "utensils"),
    CategoryDefault("belanja", "Belanja", "Shopping", "shopping-bag"),
    CategoryDefault("taman-alam", "Taman dan alam", "Parks and nature", "tree"),
    CategoryDefault("edukasi", "Edukasi", "Education", "book"),
    CategoryDefault("kampung-wisata", "Kampung wisata", "Kampung wisata", "home"),
    CategoryDefault("venue-acara", "Tempat acara", "Event venues", "calendar"),
)
CATEGORY_SLUGS = tuple(c.slug for c in CATEGORY_DEFAULTS)
