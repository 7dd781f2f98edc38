from tests.accounts.conftest import (  # noqa: F401 - fixtures shared with the accounts tests
    _english,
    admin_a,
    admin_b,
    admin_client_a,
    admin_client_b,
    officer_a,
    warga_a,
)
