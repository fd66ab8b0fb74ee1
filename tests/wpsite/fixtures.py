"""Pytest fixtures for the real WordPress test site (see tests/wpsite/server.py).

To use them from any test module, add to tests/conftest.py:

    pytest_plugins = ["tests.wpsite.fixtures"]

- ``wordpress_site`` (session): one WordPress per test session, started on first use (about 3 s
  cold: MariaDB install, WordPress install and seed), stopped at the end of the session whatever
  happened (processes ended, temp dir removed). Its state (theme, REST switch, permalinks) is shared:
  a test that changes it must put it back (``site.reset()``) or use ``wordpress_site_reset``.
- ``wordpress_site_reset`` (function): the same site, reset to its starting state after the test.

When the Debian packages are missing the fixture FAILS (never skips), naming
.ci/install-servers.sh.
"""
from __future__ import annotations

import time

import pytest

from .server import INSTALL_SCRIPT, WordPressSite, WordPressUnavailable, missing_requirements, start_wordpress

__all__ = ["wordpress_site", "wordpress_site_reset", "start_or_fail"]


def start_or_fail(**kwargs) -> WordPressSite:
    """start_wordpress(), turning missing packages into a test failure that says how to install them."""
    missing = missing_requirements()
    if missing:
        pytest.fail(f"WordPress test site unavailable: missing {', '.join(missing)}. "
                    f"Install them with `bash {INSTALL_SCRIPT}` (as root).", pytrace=False)
    try:
        return start_wordpress(**kwargs)
    except WordPressUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


_REPORT: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the site's start/stop timings at the end of the run (this module is a pytest plugin)."""
    for line in _REPORT:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def wordpress_site():
    """The running, seeded WordPress (WordPressSite); started once per session, always stopped."""
    t0 = time.monotonic()
    site = start_or_fail()
    started = time.monotonic() - t0
    site.timings["fixture_setup"] = round(started, 2)
    try:
        yield site
    finally:
        t1 = time.monotonic()
        site.stop()
        site.timings["fixture_teardown"] = round(time.monotonic() - t1, 2)
        _REPORT.append(f"wordpress_site: setup {started:.1f}s "
                f"(mariadb install {site.timings.get('mariadb_install')}s, db ready "
                f"{site.timings.get('mariadb_ready')}s, seeded {site.timings.get('seeded')}s, serving "
                f"{site.timings.get('total')}s), teardown {site.timings['fixture_teardown']:.1f}s")


@pytest.fixture
def wordpress_site_reset(wordpress_site: WordPressSite):
    """The session's WordPress, put back to its starting state (theme, REST on, permalinks) afterwards."""
    try:
        yield wordpress_site
    finally:
        wordpress_site.reset()
