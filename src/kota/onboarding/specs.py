"""SignupData: what the wizard collected, validated step by step and as a whole."""

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class SignupData:
    # 1. The city
    name: str
    kind: str  # kota | kabupaten
    province: str
    time_zone: str
    contact_email: str
    # 2. The address
    slug: str
    # 3. The first city admin (the password itself travels separately, never stored)
    admin_name: str
    admin_email: str
    # 4. Modules
    modules: tuple[str, ...] = ()
    # 5. The look
    theme: str = "default"
    primary_color: str = "#0b5394"
    secondary_color: str = "#f1c232"
    # 6. The plan
    plan: str = "gratis"
    languages: tuple[str, ...] = field(default=("id", "en"))

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "SignupData":
        values = dict(data)
        for name in ("modules", "languages"):
            if name in values:
                values[name] = tuple(values[name])
        return cls(**values)
