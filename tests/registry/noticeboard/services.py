from kota.tenancy.models import City
from tests.registry.noticeboard.models import Notice

WELCOME_SLUG = "selamat-datang"


def notices_seed(city: City) -> None:
    Notice.objects.create(slug=WELCOME_SLUG, title=f"Selamat datang di {city.name}")


def notices_anonymise(user) -> None:
    Notice.objects.filter(author=user).update(author=None, author_name="")
