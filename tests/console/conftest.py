from tests.accounts.conftest import _english  # noqa: F401 - pages in English here too
