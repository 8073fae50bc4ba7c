"""Browser tests of consultations, on the shared browser-test machinery.

The fixtures come from ``tests/browser/conftest.py`` (one daphne child process
and one Chromium, for this folder only); this folder's tests are marked
``browser`` and skipped without Debian's Chromium, as there.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, browser, daphne_server, new_context

__all__ = ["browser", "daphne_server", "new_context"]
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(
        reason=f"browser tests need Debian's Chromium at {CHROMIUM} "
        "(apt-get install -y chromium fonts-thai-tlwg)"
    )
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)
