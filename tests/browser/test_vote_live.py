"""Voting in a browser: sign up in Thai, vote, and watch the tally move live.

Ballots go through the server (HTTP) so the server's channel layer broadcasts
them; the test process only creates budgets and users.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    PASSWORD,
    THAI,
    THAI_PROJECTS,
    in_thread,
    log_in,
    mail_text,
    make_thai_budget,
    make_verified_user,
)
from tests.conftest import project_pks
from voting.models import Ballot
from voting.services import ballot_submit

pytestmark = pytest.mark.django_db(transaction=True)

NAME = {pid: name_th for pid, _cost, name_th, *_rest in THAI_PROJECTS}


def votes_cell(page, project_id: str):
    return page.locator(f'tr[data-project-id="{project_id}"] [data-votes]')


def test_a_new_citizen_votes_in_thai_and_another_page_sees_the_tally_move(
    new_context, daphne_server, organisation
):
    budget = make_thai_budget(organisation)

    # Someone anonymous watches the budget page in another browser.
    watcher = new_context().new_page()
    watcher.goto(f"/th/budgets/{budget.slug}/")
    expect(watcher.locator("#live-status")).to_have_attribute("data-state", "live")
    expect(watcher.locator("[data-turnout]")).to_have_text("0")
    expect(votes_cell(watcher, "P1")).to_have_text("0")
    expect(votes_cell(watcher, "P3")).to_have_text("0")
    watcher.evaluate("window.notReloaded = true")

    # A resident signs up in Thai ...
    citizen_context = new_context()
    citizen = citizen_context.new_page()
    citizen.goto("/th/accounts/signup/")
    expect(citizen.locator("html")).to_have_attribute("lang", "th")
    signup_form = citizen.locator("form:has(input[name='password1'])")
    signup_form.locator("input[name='email']").fill("somjai@example.com")
    signup_form.locator("input[name='display_name']").fill("สมใจ ใจดี")
    signup_form.locator("input[name='password1']").fill(PASSWORD)
    signup_form.locator("input[name='password2']").fill(PASSWORD)
    signup_form.locator("button[type='submit']").click()
    expect(citizen).to_have_url(re.compile(r"/th/accounts/confirm-email/$"))

    # ... reads the verification link in the e-mail and confirms.
    mail = daphne_server.mail_to("somjai@example.com")
    body = mail_text(mail)
    assert THAI.search(str(mail["Subject"]) + body), "the mail should be in Thai"
    links = re.findall(r"https?://\S+/th/accounts/confirm-email/[^/\s]+/", body)
    assert links, body
    citizen.goto(links[-1])
    citizen.locator("main form button[type='submit']").click()
    expect(citizen).not_to_have_url(re.compile(r"/accounts/"))
    expect(citizen.locator("html")).to_have_attribute("lang", "th")

    # ... and votes in Thai for two projects.
    citizen.goto(f"/th/budgets/{budget.slug}/vote/")
    expect(citizen.locator("html")).to_have_attribute("lang", "th")
    citizen.get_by_label(NAME["P1"]).check()
    citizen.get_by_label(NAME["P3"]).check()
    citizen.locator("#ballot-form button.primary").click()
    expect(citizen).to_have_url(re.compile(rf"/th/budgets/{budget.slug}/vote/$"))
    expect(citizen.locator(".messages")).to_contain_text(THAI)

    # The watcher's page follows without a reload.
    expect(votes_cell(watcher, "P1")).to_have_text("1", timeout=5_000)
    expect(votes_cell(watcher, "P3")).to_have_text("1", timeout=5_000)
    expect(votes_cell(watcher, "P2")).to_have_text("0")
    expect(watcher.locator("[data-turnout]")).to_have_text("1", timeout=5_000)
    assert watcher.evaluate("window.notReloaded") is True
    expect(watcher.locator("#live-status")).to_have_attribute("data-state", "live")

    # Coming back to the ballot, the resident's choice is still ticked.
    citizen.reload()
    expect(citizen.get_by_label(NAME["P1"])).to_be_checked()
    expect(citizen.get_by_label(NAME["P3"])).to_be_checked()
    expect(citizen.get_by_label(NAME["P2"])).not_to_be_checked()
    expect(citizen.get_by_label(NAME["P4"])).not_to_be_checked()
    assert Ballot.objects.filter(
        budget=budget, voter__email="somjai@example.com"
    ).exists()

    assert watcher.context.errors == []
    assert citizen_context.errors == []


def test_without_javascript_a_verified_citizen_logs_in_votes_and_sees_the_counts(
    new_context, organisation
):
    budget = make_thai_budget(organisation)
    neighbour = make_verified_user("neighbour@example.com")
    in_thread(
        ballot_submit,
        voter=neighbour,
        budget=budget,
        project_ids=project_pks(budget, "P1", "P2"),
    )
    make_verified_user("nojs@example.com", display_name="มานี")

    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto("/th/accounts/login/")
    login_form = page.locator("form:has(input[name='password'])")
    login_form.locator("input[name='login']").fill("nojs@example.com")
    login_form.locator("input[name='password']").fill(PASSWORD)
    login_form.locator("button[type='submit']").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(f"/th/budgets/{budget.slug}/vote/")
    page.get_by_label(NAME["P1"]).check()
    page.get_by_label(NAME["P3"]).check()
    page.locator("#ballot-form button.primary").click()
    expect(page).to_have_url(re.compile(rf"/th/budgets/{budget.slug}/vote/$"))
    expect(page.locator(".messages")).to_contain_text(THAI)
    expect(page.get_by_label(NAME["P1"])).to_be_checked()
    expect(page.get_by_label(NAME["P3"])).to_be_checked()

    page.goto(f"/th/budgets/{budget.slug}/")
    expect(page.locator("#live-status")).to_have_attribute("data-state", "static")
    expect(page.locator("[data-turnout]")).to_have_text("2")
    expect(votes_cell(page, "P1")).to_have_text("2")
    expect(votes_cell(page, "P2")).to_have_text("1")
    expect(votes_cell(page, "P3")).to_have_text("1")
    expect(votes_cell(page, "P4")).to_have_text("0")


def test_the_ballot_fits_a_360_pixel_phone_without_sideways_scrolling(
    new_context, organisation
):
    budget = make_thai_budget(organisation)
    voter = make_verified_user("phone@example.com")
    context = new_context(
        viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True
    )
    log_in(context, voter)
    page = context.new_page()
    page.goto(f"/th/budgets/{budget.slug}/vote/")
    page.get_by_label(NAME["P4"]).check()  # the running total appears and grows
    expect(page.locator("#ballot-form button.primary")).to_be_visible()
    page.evaluate("document.fonts.ready")
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, f"the page is {width}px wide on a 360px screen"
