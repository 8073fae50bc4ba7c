"""Browser tests: one daphne and one Chromium shared by every test in this folder.

- Every test here is marked ``browser``; the folder is skipped when Debian's
  Chromium (``/usr/bin/chromium``) is not installed.
- ``daphne_server`` runs the real ASGI app in a child process against the test
  database (a file on SQLite, ``test_<name>`` on PostgreSQL), with mail written
  to files the tests read. Tests that create data use
  ``@pytest.mark.django_db(transaction=True)``: rows must be committed for the
  child to see them.
- After each transactional test pytest-django flushes every table (TRUNCATE on
  PostgreSQL, DELETE on SQLite) without resetting sequences, and re-creates the
  content types and permissions. The child survives that: sessions and data live
  in the database, ids are never reused (so its per-id state, the live hub's
  per-budget groups and the ballot idempotency cache, cannot meet a new row), and
  browser contexts are closed before the flush (no open socket or query). The one
  stale thing would be its ``ContentType`` cache (new ids after each flush): no
  page these tests open uses it (no admin, no generic relation); a test that
  needs it must use ``serialized_rollback=True``.
- Playwright's sync API keeps an event loop running in the test thread while it
  is started, which makes Django refuse ORM calls and breaks any asyncio test run
  meanwhile. So the browser lives for this package only (it is torn down before
  the consumer tests run) and ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set only while it
  lives. Service calls whose ``on_commit`` broadcasts (``async_to_sync``) run in a
  thread: ``in_thread(ballot_submit, ...)``.
"""

import email
import email.policy
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.conftest import make_budget, make_user

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "ruamkid-browser-2569"
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
THAI = re.compile("[\u0e01-\u0e3a\u0e40-\u0e5b]")  # Thai script, not ฿


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests ``browser``; skip them all without Chromium."""
    skip = pytest.mark.skip(
        reason=f"browser tests need Debian's Chromium at {CHROMIUM} "
        "(apt-get install -y chromium fonts-thai-tlwg)"
    )
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, attach what the server logged during the test."""
    outcome = yield
    report = outcome.get_result()
    server = item.funcargs.get("daphne_server") if hasattr(item, "funcargs") else None
    if report.failed and server is not None:
        start = item.stash.get(_log_offset, 0)
        with server.log_path.open("rb") as log:
            log.seek(start)
            lines = log.read().decode(errors="replace").splitlines()
        kept = [line for line in lines if not _fine_access_line(line)]
        report.sections.append(
            ("daphne log during this test", "\n".join(kept)[-20_000:])
        )


def _fine_access_line(line: str) -> bool:
    """An access-log line of a successful request (noise in a failure report)."""
    answered = re.match(r'^\S+ - - \[[^]]*\] "[^"]*" (\d{3}) ', line)
    return answered is not None and int(answered.group(1)) < 400


_log_offset = pytest.StashKey[int]()


# --- The server ------------------------------------------------------------------


@dataclass
class Server:
    """The daphne child process: its base URL and the folder it writes mail to."""

    url: str
    mail_dir: Path
    log_path: Path
    process: subprocess.Popen = field(repr=False)

    def messages(self) -> list[email.message.EmailMessage]:
        """Every e-mail sent so far, oldest first (the file backend's format)."""
        separator = b"\n" + b"-" * 79 + b"\n"
        found = []
        for path in sorted(self.mail_dir.glob("*.log"), key=os.path.getmtime):
            for raw in path.read_bytes().split(separator):
                if raw.strip():
                    found.append(
                        email.message_from_bytes(raw, policy=email.policy.default)
                    )
        return found

    def mail_to(self, address: str, timeout: float = 10) -> email.message.EmailMessage:
        """The newest e-mail to ``address``; waits up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            sent = [m for m in self.messages() if address in str(m["To"])]
            if sent:
                return sent[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no e-mail to {address} in {self.mail_dir}")
            time.sleep(0.1)


def mail_text(message: email.message.EmailMessage) -> str:
    """The plain-text body of ``message``, decoded."""
    part = message.get_body(preferencelist=("plain", "html"))
    assert part is not None, message
    return part.get_content()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    """``url`` with its database name replaced by ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _shared_media_root(mail_dir: Path) -> str:
    """One media folder for the server and this test process."""
    from django.conf import settings

    media = mail_dir.parent / "media"
    media.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = media
    return str(media)


def _child_environment(mail_dir: Path) -> dict[str, str]:
    from django.db import connection

    env = {key: value for key, value in os.environ.items() if key != ASYNC_UNSAFE}
    env.update(
        DJANGO_SETTINGS_MODULE="participation.settings",
        DEBUG="1",
        DISABLE_RATE_LIMITS="1",
        EMAIL_FILE_PATH=str(mail_dir),
        # uploads of the browser tests go to a temporary folder, not the repo;
        # the test process writes there too (photos made through the ORM)
        MEDIA_ROOT=_shared_media_root(mail_dir),
        PYTHONUNBUFFERED="1",
    )
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db(), (
            "the browser tests' server needs the test database in a file "
            "(SQLITE_TEST_PATH)"
        )
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(name)
    elif connection.vendor == "postgresql":
        env["DATABASE_URL"] = _with_database(os.environ["DATABASE_URL"], name)
    else:
        pytest.fail(f"no browser-test server set-up for {connection.vendor}")
    return env


def _wait_until_up(process: subprocess.Popen, url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"daphne exited with {process.returncode}:\n{log_path.read_text()}"
            )
        try:
            with urllib.request.urlopen(url + "/th/", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    process.kill()
    pytest.fail(f"daphne did not answer at {url} in 30 s:\n{log_path.read_text()}")


@pytest.fixture(scope="package")
def daphne_server(django_db_setup, tmp_path_factory) -> Iterator[Server]:
    """daphne serving ``participation.asgi`` on a free port, on the test database.

    One per run of this folder: it stops when the browser tests are done, so the
    rest of the suite runs without it, and always before the test database is
    dropped (PostgreSQL refuses to drop a database with open connections).
    """
    folder = tmp_path_factory.mktemp("daphne")
    mail_dir = folder / "mail"
    mail_dir.mkdir()
    log_path = folder / "daphne.log"
    env = _child_environment(mail_dir)
    daphne = Path(sys.executable).with_name("daphne")
    for _attempt in range(3):
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                [
                    str(daphne),
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "participation.asgi:application",
                ],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        time.sleep(0.2)
        if process.poll() is None:  # a port taken in between makes it exit at once
            break
    _wait_until_up(process, url, log_path)
    server = Server(url=url, mail_dir=mail_dir, log_path=log_path, process=process)
    yield server
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- The browser -----------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for this folder; ORM calls allowed while it runs."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def new_context(request, browser, daphne_server) -> Iterator[Callable]:
    """``new_context(**options)`` opens a browser context on the server; all are
    closed after the test (before the database is flushed).

    Each context records the page's JavaScript errors and console errors (CSP
    refusals land there) in ``context.errors``.
    """
    request.node.stash[_log_offset] = daphne_server.log_path.stat().st_size
    contexts = []

    def open_context(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "th-TH")
        options.setdefault("timezone_id", "Asia/Bangkok")
        context = browser.new_context(base_url=daphne_server.url, **options)
        context.set_default_timeout(10_000)
        context.server_url = daphne_server.url
        context.errors = []

        def console_error(message):
            if message.type == "error":
                url = message.location.get("url")
                context.errors.append(f"{message.text} ({url})")

        context.on("weberror", lambda error: context.errors.append(str(error.error)))
        context.on("console", console_error)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


# --- Data ------------------------------------------------------------------------


def in_thread(function: Callable, *args, **kwargs):
    """Run ``function`` in a thread with no event loop and return its result.

    For services whose ``transaction.on_commit`` uses ``async_to_sync``, which
    refuses to run in the test thread while Playwright's loop is running.
    """
    from django.db import connection

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


@cache
def password_hash() -> str:
    """``PASSWORD`` hashed the way the server checks it (tests here use MD5)."""
    return PBKDF2PasswordHasher().encode(PASSWORD, "browsertestsalt")


def make_verified_user(address: str, **extra):
    """A user who confirmed ``address`` (allauth) and can log in with ``PASSWORD``."""
    from allauth.account.models import EmailAddress

    user = make_user(address, **extra)
    user.password = password_hash()
    user.save(update_fields=["password"])
    EmailAddress.objects.create(user=user, email=address, verified=True, primary=True)
    return user


def log_in(context, user) -> None:
    """Give ``context`` a signed-in session of ``user`` (no login form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": context.server_url,
            }
        ]
    )


# A Thai municipality's budget, as a resident sees it: long Thai names with no
# spaces (line breaking must find word boundaries), sums in millions.
THAI_PROJECTS = [
    (
        "P1",
        900_000,
        "ติดตั้งไฟส่องสว่างพลังงานแสงอาทิตย์ริมคลองชุมชนร่วมใจพัฒนา",
        "Solar street lights along the Ruamjai community canal",
        "ติดตั้งเสาไฟพลังงานแสงอาทิตย์ ๔๐ ต้น ตลอดทางเดินริมคลองยาว ๑.๒ กิโลเมตร "
        "เพื่อความปลอดภัยของผู้สัญจรยามค่ำคืน",
    ),
    (
        "P2",
        1_200_000,
        "ปรับปรุงสนามเด็กเล่นและลานกีฬาอเนกประสงค์หน้าโรงเรียนเทศบาล ๓",
        "New playground and multi-sport court at Municipal School 3",
        "",
    ),
    (
        "P3",
        450_000,
        "จัดซื้อรถเข็นและอุปกรณ์ช่วยเหลือผู้สูงอายุติดบ้านติดเตียง",
        "Wheelchairs and care equipment for bedridden elders",
        "",
    ),
    (
        "P4",
        2_500_000,
        "ขุดลอกท่อระบายน้ำและแก้ไขปัญหาน้ำท่วมขังถนนเทศบาลสาย ๕",
        "Drain dredging against flooding on Municipal Road 5",
        "",
    ),
]


def make_thai_budget(organisation=None, *, slug="ruamjai-2570", **fields):
    """A knapsack budget of 3,000,000 THB open for voting, with ``THAI_PROJECTS``."""
    values = {
        "name_th": "งบประมาณแบบมีส่วนร่วม เทศบาลเมืองร่วมใจ ปีงบประมาณ ๒๕๗๐",
        "name_en": "Ruamjai Town participatory budget 2027",
        "description_th": "ร่วมเลือกโครงการที่เทศบาลจะดำเนินการในปีงบประมาณ ๒๕๗๐",
        "description_en": "Choose the projects the town carries out in fiscal 2027.",
        "total": 3_000_000,
        "fiscal_year": 2570,
        "ballot_rule": "knapsack",
    }
    values.update(fields)
    budget = make_budget(
        organisation,
        slug=slug,
        projects=[(pid, cost) for pid, cost, *_names in THAI_PROJECTS],
        **values,
    )
    for pid, _cost, name_th, name_en, description_th in THAI_PROJECTS:
        budget.projects.filter(external_id=pid).update(
            name_th=name_th, name_en=name_en, description_th=description_th
        )
    return budget


def close_and_publish(budget) -> None:
    """Move ``budget`` to the results phase (voting closed, results published)."""
    from django.utils import timezone

    from budgets.models import Budget

    now = timezone.now()
    Budget.objects.filter(pk=budget.pk).update(
        voting_opens=now - timedelta(days=10),
        voting_closes=now - timedelta(days=3),
        results_published_at=now - timedelta(days=1),
    )
