"""City manifests: ``tenants/<slug>.toml`` files that declare cities.

``manifests_load`` reads and validates every file and reports each problem as
(file, field, reason); ``manifests_apply`` creates or updates the cities through the
provisioning service, and changes nothing unless every manifest is valid.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from kota.tenancy.models import City
from kota.tenancy.schemas import template_ensure_current
from kota.tenancy.scope import public_scope
from kota.tenancy.seeding import city_admin_hand_over
from kota.tenancy.services import city_content_load, city_provision, city_update
from kota.tenancy.specs import CitySpec, city_spec_validate

_TOP_LEVEL = {
    "plan",
    "slug",
    "name",
    "kind",
    "province",
    "time_zone",
    "languages",
    "modules",
    "domains",
    "branding",
    "map",
    "admin",
    "content",
}
_BRANDING = {"theme", "tagline", "primary_color", "secondary_color"}
_MAP = {"center", "zoom", "boundary"}
_ADMIN = {"email", "name"}


@dataclass(frozen=True)
class ManifestProblem:
    file: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.reason}"


class ManifestsInvalid(Exception):
    def __init__(self, problems: list[ManifestProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class ApplyResult:
    created: list[str]
    updated: list[str]
    unchanged: list[str]


def manifest_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml"))


def manifests_load(folder: Path) -> list[CitySpec]:
    """Parse and validate every manifest in ``folder``; raise ManifestsInvalid listing all
    problems of all files."""
    paths = manifest_paths(folder)
    if not paths:
        raise ManifestsInvalid([ManifestProblem(str(folder), "-", "no *.toml manifests found")])
    specs: list[CitySpec] = []
    problems: list[ManifestProblem] = []
    for path in paths:
        spec, file_problems = _load_one(path)
        problems += file_problems
        if spec is not None:
            specs.append(spec)
    problems += _duplicates(specs)
    if problems:
        raise ManifestsInvalid(problems)
    return specs


def manifests_apply(folder: Path) -> ApplyResult:
    """Create or update every city declared in ``folder``; idempotent."""
    specs = manifests_load(folder)
    created, updated, unchanged = [], [], []
    template_ensure_current()  # before the transaction: it may have to migrate the template
    with public_scope(), transaction.atomic():  # every city of the folder, or none
        existing = {c.slug: c for c in City.objects.filter(slug__in=[s.slug for s in specs])}
        for spec in specs:
            try:
                if spec.slug in existing:
                    city = existing[spec.slug]
                    changed = city_update(city=city, spec=spec)
                else:
                    city = city_provision(spec=spec)
                    changed = True
                if spec.admin_email:
                    city_admin_hand_over(
                        city=city, email=spec.admin_email, full_name=spec.admin_name
                    )
                # Once the city's modules are on and seeded, their content fills them.
                changed = city_content_load(city=city, spec=spec) or changed
                if spec.slug not in existing:
                    created.append(spec.slug)
                else:
                    (updated if changed else unchanged).append(spec.slug)
            except ValidationError as error:
                raise ManifestsInvalid(_problems_from(f"{spec.slug}.toml", error)) from error
    return ApplyResult(created=created, updated=updated, unchanged=unchanged)


def _load_one(path: Path) -> tuple[CitySpec | None, list[ManifestProblem]]:
    name = path.name
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return None, [ManifestProblem(name, "-", f"not valid TOML: {error}")]
    except OSError as error:
        return None, [ManifestProblem(name, "-", f"cannot be read: {error.strerror or error}")]

    problems = [
        ManifestProblem(name, key, "unknown field") for key in sorted(set(data) - _TOP_LEVEL)
    ]
    branding = _table(data, "branding", _BRANDING, name, problems)
    map_table = _table(data, "map", _MAP, name, problems)
    admin = _table(data, "admin", _ADMIN, name, problems)
    content = _content(data, path, problems)

    try:
        spec = CitySpec(
            slug=_typed(data, "slug", str, name, problems, ""),
            name=_typed(data, "name", str, name, problems, ""),
            kind=_typed(data, "kind", str, name, problems, ""),
            province=_typed(data, "province", str, name, problems, ""),
            time_zone=_typed(data, "time_zone", str, name, problems, "", required=False),
            languages=tuple(_string_list(data, "languages", name, problems, ["id", "en"])),
            modules=tuple(_string_list(data, "modules", name, problems, [])),
            custom_domains=tuple(
                d.lower() for d in _string_list(data, "domains", name, problems, [])
            ),
            theme=_typed(
                branding,
                "theme",
                str,
                name,
                problems,
                "default",
                required=False,
                prefix="branding.",
            ),
            tagline=_typed(
                branding, "tagline", str, name, problems, "", required=False, prefix="branding."
            ),
            primary_color=_typed(
                branding,
                "primary_color",
                str,
                name,
                problems,
                "#0b5394",
                required=False,
                prefix="branding.",
            ),
            secondary_color=_typed(
                branding,
                "secondary_color",
                str,
                name,
                problems,
                "#f1c232",
                required=False,
                prefix="branding.",
            ),
            map_center=_center(map_table, name, problems),
            map_zoom=_typed(
                map_table, "zoom", int, name, problems, 12, required=False, prefix="map."
            ),
            boundary=_boundary(map_table, name, problems),
            admin_email=_typed(
                admin, "email", str, name, problems, "", required="admin" in data, prefix="admin."
            ).strip(),
            admin_name=_typed(
                admin, "name", str, name, problems, "", required=False, prefix="admin."
            ).strip(),
            content=content,
            plan=_typed(data, "plan", str, name, problems, "", required=False),
        )
    except TypeError as error:  # pragma: no cover - guarded by the typed readers
        return None, [*problems, ManifestProblem(name, "-", str(error))]

    if spec.slug and path.stem != spec.slug:
        problems.append(ManifestProblem(name, "slug", f"must match the file name ({path.stem!r})"))
    try:
        city_spec_validate(spec)
    except ValidationError as error:
        # Report every bad value too, except for fields already reported as malformed.
        reported = {problem.field for problem in problems}
        problems += [p for p in _problems_from(name, error) if p.field not in reported]
    return (None, problems) if problems else (spec, [])


def _problems_from(file: str, error: ValidationError) -> list[ManifestProblem]:
    if hasattr(error, "error_dict"):
        return [
            ManifestProblem(file, field, message)
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [ManifestProblem(file, "-", message) for message in error.messages]


def _duplicates(specs: list[CitySpec]) -> list[ManifestProblem]:
    problems, seen = [], {}
    for spec in specs:
        for host in spec.custom_domains:
            if host in seen:  # twice in one file is caught by city_spec_validate
                problems.append(
                    ManifestProblem(
                        f"{spec.slug}.toml",
                        "domains",
                        f"{host} is also declared by {seen[host]}.toml",
                    )
                )
            seen[host] = spec.slug
    return problems


def _table(data: dict, key: str, allowed: set[str], file: str, problems: list) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        problems.append(ManifestProblem(file, key, "must be a table"))
        return {}
    problems += [
        ManifestProblem(file, f"{key}.{k}", "unknown field") for k in sorted(set(value) - allowed)
    ]
    return value


def _typed(data, key, kind, file, problems, default, *, required=True, prefix=""):
    if key not in data:
        if required:
            problems.append(ManifestProblem(file, prefix + key, "is required"))
        return default
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        problems.append(
            ManifestProblem(
                file, prefix + key, f"must be {'an integer' if kind is int else 'text'}"
            )
        )
        return default
    return value


def _string_list(data, key, file, problems, default) -> list[str]:
    value = data.get(key, default)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.append(ManifestProblem(file, key, "must be a list of text values"))
        return default
    return value


def _content(data: dict, path: Path, problems: list) -> tuple[tuple[str, str], ...]:
    """``[content] <module> = "<folder>"``: folders relative to the manifest's own."""
    value = data.get("content", {})
    if not isinstance(value, dict):
        problems.append(ManifestProblem(path.name, "content", "must be a table"))
        return ()
    content = []
    for key, folder in value.items():
        if not isinstance(folder, str) or not folder.strip():
            problems.append(
                ManifestProblem(path.name, f"content.{key}", "must be the path of a folder")
            )
            continue
        content.append((key, str(path.parent / folder)))
    return tuple(content)


def _center(map_table: dict, file: str, problems: list) -> tuple[float, float] | None:
    value = map_table.get("center")
    if value is None:
        return None
    if (
        not isinstance(value, dict)
        or set(value) != {"lat", "lon"}
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value.values())
    ):
        problems.append(
            ManifestProblem(file, "map.center", "must be { lat = <number>, lon = <number> }")
        )
        return None
    return (float(value["lat"]), float(value["lon"]))


def _boundary(map_table: dict, file: str, problems: list) -> tuple[tuple[float, float], ...] | None:
    value = map_table.get("boundary")
    if value is None:
        return None
    valid = isinstance(value, list) and all(
        isinstance(point, list)
        and len(point) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        for point in value
    )
    if not valid:
        problems.append(
            ManifestProblem(file, "map.boundary", "must be a list of [longitude, latitude] pairs")
        )
        return None
    return tuple((float(lon), float(lat)) for lon, lat in value)
