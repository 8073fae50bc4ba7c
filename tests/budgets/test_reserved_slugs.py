"""A budget may not take a word that is already a fixed address beside budget
pages (``/budgets/funded-projects/``, ``/manage/budgets/new/``)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import URLPattern, get_resolver

from budgets.models import RESERVED_SLUGS, Budget
from budgets.services import budget_create, budget_update
from tests.budgets.helpers import budget_in_phase
from tests.budgets.test_workspace_pages import budget_post

REFUSED_EN = "is already the address of another page"


def fixed_words(urlconf: str, prefix: str = "") -> set[str]:
    """First path segments without a converter, of the routes under ``prefix``."""
    words = set()
    for pattern in get_resolver(urlconf).url_patterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if not route.startswith(prefix):
            continue
        first = route.removeprefix(prefix).split("/")[0]
        if first and "<" not in first:
            words.add(first.removesuffix(".json"))
    return words


def test_every_fixed_word_beside_budget_pages_is_reserved():
    assert fixed_words("voting.urls") <= RESERVED_SLUGS
    assert fixed_words("budgets.urls") <= RESERVED_SLUGS
    assert fixed_words("participation.portal.api_urls", "budgets/") <= RESERVED_SLUGS
    assert {"funded-projects", "new"} <= RESERVED_SLUGS


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_the_new_budget_form_refuses_a_reserved_word(
    client, official, organisation, slug
):
    client.force_login(official)
    response = client.post("/en/manage/budgets/new/", budget_post(slug=slug))
    assert response.status_code == 200
    [error] = response.context["form"].errors["slug"]
    assert f"“{slug}” {REFUSED_EN}" in error
    assert REFUSED_EN in response.content.decode()
    assert not Budget.objects.exists()


@pytest.mark.django_db
def test_the_thai_form_refuses_it_on_the_slug_field(client, official, organisation):
    client.force_login(official)
    response = client.post(
        "/th/manage/budgets/new/", budget_post(slug="Funded-Projects")
    )
    assert response.context["form"].errors["slug"]
    assert not Budget.objects.exists()


@pytest.mark.django_db
def test_the_edit_form_refuses_renaming_to_a_reserved_word(
    client, official, organisation
):
    budget = budget_in_phase(organisation, "upcoming")
    client.force_login(official)
    response = client.post(
        f"/en/manage/budgets/{budget.slug}/edit/",
        budget_post(slug="funded-projects"),
    )
    assert REFUSED_EN in response.context["form"].errors["slug"][0]
    budget.refresh_from_db()
    assert budget.slug == "b-upcoming"


@pytest.mark.django_db
def test_the_services_refuse_it_too(official, organisation):
    fields = {
        "name_th": "งบ",
        "total": 1000,
        "voting_opens": None,
        "voting_closes": None,
    }
    with pytest.raises(ValidationError) as caught:
        budget_create(
            organisation=organisation, by=official, slug="funded-projects", **fields
        )
    assert "slug" in caught.value.message_dict
    budget = budget_in_phase(organisation, "upcoming")
    with pytest.raises(ValidationError) as caught:
        budget_update(budget=budget, by=official, slug="new")
    assert "slug" in caught.value.message_dict
    assert not Budget.objects.filter(slug__in=RESERVED_SLUGS).exists()


@pytest.mark.django_db
def test_a_pabulib_file_cannot_be_imported_under_a_reserved_word():
    from voting.imports import budget_import_pabulib

    text = (
        "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;50\n"
        "VOTES\nvoter_id;vote\n1;1\n"
    )
    # a ValueError, which `manage.py import_pabulib` prints as a clear message
    with pytest.raises(ValueError) as caught:
        budget_import_pabulib(text=text, slug="funded-projects", file_name="a.pb")
    assert "funded-projects" in str(caught.value)
    assert not Budget.objects.exists()


@pytest.mark.django_db
def test_the_funded_projects_page_stays_reachable(client):
    response = client.get("/th/budgets/funded-projects/")
    assert response.status_code == 200
    assert response.resolver_match.url_name == "funded_projects"
