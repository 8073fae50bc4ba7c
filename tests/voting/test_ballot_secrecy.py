"""Nobody, admins included, can see which projects a given person chose."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import RoleGrant
from participation.services import role_grant
from tests.conftest import make_user, project_pks
from voting.services import ballot_submit


@pytest.fixture
def voted(budget):
    alice = make_user("alice@example.com", display_name="Alice")
    bob = make_user("bob@example.com", display_name="Bob")
    ballot_submit(voter=alice, budget=budget, project_ids=project_pks(budget, "A"))
    ballot_submit(voter=bob, budget=budget, project_ids=project_pks(budget, "B", "C"))
    admin = make_user("admin@example.com")
    role_grant(user=admin, role=RoleGrant.Role.ADMIN)
    return alice, bob, admin


@pytest.mark.django_db
def test_admin_site_has_no_ballot_screen(client, voted):
    alice, _, admin = voted
    client.force_login(admin)
    assert client.get("/th/admin/").status_code == 200
    assert client.get("/th/admin/voting/ballot/").status_code == 404
    assert client.get("/th/admin/voting/ballotitem/").status_code == 404
    user_page = client.get(f"/th/admin/participation/user/{alice.pk}/change/")
    assert user_page.status_code == 200
    assert "โครงการ A" not in user_page.content.decode()


@pytest.mark.django_db
def test_another_persons_vote_page_never_shows_their_choice(client, voted, budget):
    _, bob, _ = voted
    carol = make_user("carol@example.com")
    client.force_login(carol)
    html = client.get(reverse("voting:vote", args=[budget.slug])).content.decode()
    assert "checked" not in html
    # Bob sees only his own choice
    client.force_login(bob)
    html = client.get(reverse("voting:vote", args=[budget.slug])).content.decode()
    assert html.count("checked") == 2


@pytest.mark.django_db
def test_api_and_exports_name_no_voter(client, voted, budget):
    alice, bob, admin = voted
    now = timezone.now()
    budget.voting_closes = now - timedelta(minutes=1)
    budget.results_published_at = now
    budget.save()
    client.force_login(admin)
    bodies = [
        client.get(f"/api/v1/budgets/{budget.slug}/tally/").content.decode(),
        client.get(f"/api/v1/budgets/{budget.slug}/export.pb").content.decode(),
        client.get(
            reverse("voting:budget_detail", args=[budget.slug])
        ).content.decode(),
    ]
    assert "A" in bodies[1] and "B,C" in bodies[1]  # the ballots are there, anonymous
    for body in bodies:
        for person in (alice, bob):
            assert person.email not in body
            assert person.display_name not in body
