"""Debian's Chromium for the browser tests: where it is, how to start it, and what to do
when it is missing (skip with instructions on a workstation, fail on CI)."""

import os
import shutil

import pytest

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def chromium_executable() -> str:
    """The Chromium binary, or skip (fail on CI) with a message saying how to get one."""
    executable = os.environ.get("KOTA_CHROMIUM") or shutil.which("chromium")
    if executable:
        return executable
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing on CI: .ci/run installs Debian's chromium package.")
    pytest.skip(
        "Browser tests need Chromium: install Debian's package (apt-get install chromium) "
        "or point KOTA_CHROMIUM at a Chromium binary."
    )
    raise AssertionError("unreachable")
