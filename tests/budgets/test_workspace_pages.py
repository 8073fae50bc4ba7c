"""The officials' workspace pages: who may open them, forms and their errors,
publishing results."""

from datetime import timedelta

import pytest
from django.utils import timezone

from budgets.models import Budget
from participation.models import AuditEvent, Notification
from participation.notifications import follow
from tests.budgets.helpers import budget_in_phase


def budget_post(**overrides):
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "slug": "cycle",
        "name_th": "งบ",
        "name_en": "Budget",
        "total": "1000",
        "ideas_opens": (now + timedelta(days=1)).strftime(fmt),
        "review_opens": (now + timedelta(days=2)).strftime(fmt),
        "voting_opens": (now + timedelta(days=3)).strftime(fmt),
        "voting_closes": (now + timedelta(days=4)).strftime(fmt),
        "ballot_rule": "approval",
        "min_projects": "1",
        "max_projects": "2",
        "counting_rule": "greedy",
        "results_visibility": "live",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/th/manage/budgets/", "/th/manage/budgets/new/", "/th/manage/budgets/b-ideas/"],
)
def test_citizens_cannot_open_the_workspace(client, organisation, citizen, path):
    budget_in_phase(organisation, "ideas")
    client.force_login(citizen)
    assert client.get(path).status_code == 403


@pytest.mark.django_db
def test_an_official_creates_a_budget_from_the_form(client, organisation, official):
    client.force_login(official)
    assert "Budget workspace" in client.get("/en/manage/budgets/").content.decode()
    response = client.post("/th/manage/budgets/new/", budget_post())
    assert response.status_code == 302
    assert Budget.objects.get(slug="cycle").organisation == organisation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"review_opens": "2020-01-01T00:00"}, "review_opens"),
        ({"voting_closes": "2020-01-01T00:00"}, "voting_closes"),
        ({"ballot_rule": "cumulative"}, "max_points"),
        ({"total": "-5"}, "total"),
    ],
)
def test_budget_form_errors_are_shown_in_the_language_of_the_page(
    client, official, organisation, overrides, field
):
    client.force_login(official)
    response = client.post("/en/manage/budgets/new/", budget_post(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_voting_now_without_feasible_projects_is_an_error_on_the_form(
    client, official, organisation
):
    client.force_login(official)
    now = timezone.localtime()
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        "/th/manage/budgets/new/",
        budget_post(
            ideas_opens=(now - timedelta(days=3)).strftime(fmt),
            review_opens=(now - timedelta(days=2)).strftime(fmt),
            voting_opens=(now - timedelta(days=1)).strftime(fmt),
        ),
    )
    assert response.context["form"].errors["voting_opens"]


@pytest.mark.django_db
def test_area_money_above_the_total_is_reported(client, official, organisation):
    from participation.models import Area

    budget = budget_in_phase(organisation, "ideas")
    area = Area.objects.create(code="north", name_th="เหนือ")
    client.force_login(official)
    response = client.post(
        f"/en/manage/budgets/{budget.slug}/areas/",
        {"area": area.pk, "total": "5000"},
        follow=True,
    )
    assert "more than the budget" in response.content.decode()
    assert not budget.districts.exists()


@pytest.mark.django_db
def test_review_page_saves_a_decision_with_reason(client, official, organisation):
    budget = budget_in_phase(organisation, "review")
    project = budget.projects.first()
    client.force_login(official)
    url = f"/th/manage/budgets/{budget.slug}/projects/{project.pk}/review/"
    missing = client.post(
        url,
        {"action": "review", "feasibility": "unfeasible", "cost": "400", "reason": ""},
    )
    assert missing.context["form"].errors["reason"]
    done = client.post(
        url,
        {
            "action": "review",
            "feasibility": "unfeasible",
            "cost": "400",
            "reason": "Land not public",
        },
    )
    assert done.status_code == 302
    project.refresh_from_db()
    assert project.feasibility == "unfeasible"


@pytest.mark.django_db
def test_review_page_is_closed_outside_the_review_phase(client, official, organisation):
    budget = budget_in_phase(organisation, "voting")
    project = budget.projects.first()
    client.force_login(official)
    url = f"/th/manage/budgets/{budget.slug}/projects/{project.pk}/review/"
    assert client.get(url).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("phase", ["voting", "counting", "results"])
def test_publishing_results_only_after_voting_closes(
    client, official, citizen, organisation, phase, django_capture_on_commit_callbacks
):
    budget = budget_in_phase(organisation, phase)
    follow(user=citizen, target=budget)
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/th/manage/budgets/{budget.slug}/results/")
    budget.refresh_from_db()
    if phase == "counting":
        assert response.status_code == 302
        assert budget.results_published_at is not None
        assert AuditEvent.objects.filter(action="budget.results_published").exists()
        assert Notification.objects.filter(
            recipient=citizen, verb="budget.results_published"
        ).exists()
    else:
        assert response.status_code == 403
        assert not Notification.objects.exists()


@pytest.mark.django_db
def test_citizens_cannot_publish(client, citizen, organisation):
    budget = budget_in_phase(organisation, "counting")
    client.force_login(citizen)
    assert client.post(f"/th/manage/budgets/{budget.slug}/results/").status_code == 403


@pytest.mark.django_db
def test_a_citizen_sends_an_idea_in_the_ideas_phase(client, citizen, organisation):
    budget = budget_in_phase(organisation, "ideas")
    client.force_login(citizen)
    response = client.post(
        f"/th/budgets/{budget.slug}/ideas/new/",
        {"name_th": "สวนหย่อม", "description_th": "ข้างวัด", "cost": "50", "area": ""},
    )
    assert response.status_code == 302
    assert budget.projects.filter(name_th="สวนหย่อม", feasibility="pending").exists()
    closed = budget_in_phase(organisation, "voting")
    assert (
        client.post(
            f"/th/budgets/{closed.slug}/ideas/new/",
            {"name_th": "x", "description_th": "y", "cost": "5"},
        ).status_code
        == 403
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "new/",
        "{slug}/",
        "{slug}/edit/",
        "{slug}/projects/new/",
        "{slug}/projects/{pk}/",
        "{slug}/projects/{pk}/review/",
        "{slug}/results/",
    ],
)
def test_every_workspace_page_renders_for_an_official(
    client, official, organisation, suffix
):
    budget = budget_in_phase(organisation, "review")
    pk = budget.projects.first().pk
    client.force_login(official)
    for language in ("th", "en"):
        path = f"/{language}/manage/budgets/" + suffix.format(slug=budget.slug, pk=pk)
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db
def test_editing_texts_during_voting_keeps_the_locked_schedule(
    client, official, organisation
):
    budget = budget_in_phase(organisation, "voting")
    client.force_login(official)
    fmt = "%Y-%m-%dT%H:%M"

    def local(value):
        return timezone.localtime(value).strftime(fmt)

    data = budget_post(
        slug=budget.slug,
        name_th=budget.name_th,
        description_en="Clearer words",
        total="1000",
        max_projects="",
        ideas_opens=local(budget.ideas_opens),
        review_opens=local(budget.review_opens),
        voting_opens=local(budget.voting_opens),
        voting_closes=local(budget.voting_closes),
    )
    response = client.post(f"/en/manage/budgets/{budget.slug}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    budget.refresh_from_db()
    assert budget.description_en == "Clearer words"
    locked = client.post(
        f"/en/manage/budgets/{budget.slug}/edit/", {**data, "total": "5000"}
    )
    assert "voting has opened" in locked.content.decode()


@pytest.mark.django_db
def test_people_can_follow_a_budget_from_its_page(client, citizen, organisation):
    from participation.notifications import is_following

    budget = budget_in_phase(organisation, "voting")
    client.force_login(citizen)
    page = client.get(f"/th/budgets/{budget.slug}/").content.decode()
    assert 'value="budgets.budget"' in page
    client.post(
        "/th/notifications/follow/",
        {"content_type": "budgets.budget", "object_id": budget.pk, "action": "follow"},
    )
    assert is_following(user=citizen, target=budget)


@pytest.mark.django_db
def test_a_short_name_already_in_use_is_refused_in_plain_words(
    client, organisation, official
):
    budget_in_phase(organisation, "ideas")
    client.force_login(official)
    taken = Budget.objects.get().slug
    response = client.post("/en/manage/budgets/new/", budget_post(slug=taken))
    assert response.status_code == 200
    assert "Another budget already uses this short name." in response.content.decode()
