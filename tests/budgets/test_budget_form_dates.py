"""The budget form names every date mistake on its own field, translated, however
many there are; the database's wording never reaches the page."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from budgets.models import Budget
from tests.budgets.test_workspace_pages import budget_post

LONG_AGO = "2020-01-01T00:00"
VOTING_CLOSES_TH = "วันปิดลงคะแนนต้องอยู่หลังวันเปิดลงคะแนน"
REVIEW_OPENS_TH = "ขั้นตอนเสนอโครงการจะสิ้นสุดก่อนเริ่มต้น"
VOTING_OPENS_TH = "ขั้นตอนก่อนการลงคะแนนจะสิ้นสุดก่อนเริ่มต้น"


def assert_no_raw_constraint(response):
    page = response.content.decode()
    assert "Constraint" not in page
    assert "voting_closes_after_it_opens" not in page
    assert not response.context["form"].non_field_errors()


@pytest.mark.django_db
def test_two_date_mistakes_are_both_named_on_their_fields(
    client, official, organisation
):
    client.force_login(official)
    response = client.post(
        "/th/manage/budgets/new/",
        budget_post(review_opens=LONG_AGO, voting_closes=LONG_AGO),
    )
    errors = response.context["form"].errors
    assert REVIEW_OPENS_TH in errors["review_opens"][0]
    assert errors["voting_closes"] == [VOTING_CLOSES_TH]
    assert VOTING_CLOSES_TH in response.content.decode()
    assert_no_raw_constraint(response)
    assert not Budget.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "other_mistake, other_field",
    [
        ({"total": "abc"}, "total"),
        ({"total": "-5"}, "total"),
        ({"slug": "bad slug!"}, "slug"),
        ({"ballot_rule": "cumulative"}, "max_points"),
        ({"min_projects": "3", "max_projects": "1"}, "max_projects"),
        ({"voting_opens": "2020-01-02T00:00"}, "voting_opens"),
    ],
)
def test_voting_closing_before_it_opens_is_named_whatever_else_is_wrong(
    client, official, organisation, other_mistake, other_field
):
    client.force_login(official)
    response = client.post(
        "/th/manage/budgets/new/",
        budget_post(voting_closes=LONG_AGO, **other_mistake),
    )
    errors = response.context["form"].errors
    assert errors[other_field]
    assert errors["voting_closes"] == [VOTING_CLOSES_TH]
    assert_no_raw_constraint(response)


@pytest.mark.django_db
def test_three_schedule_mistakes_on_the_edit_form_in_english(
    client, official, organisation
):
    from tests.budgets.helpers import budget_in_phase

    budget = budget_in_phase(organisation, "upcoming")
    client.force_login(official)
    response = client.post(
        f"/en/manage/budgets/{budget.slug}/edit/",
        budget_post(
            slug=budget.slug,
            review_opens="2020-01-03T00:00",
            voting_opens="2020-01-02T00:00",
            voting_closes=LONG_AGO,
        ),
    )
    errors = response.context["form"].errors
    assert set(errors) == {"review_opens", "voting_opens", "voting_closes"}
    assert errors["voting_closes"] == ["Voting must close after it opens."]
    assert_no_raw_constraint(response)


@pytest.mark.django_db
def test_the_database_constraint_itself_speaks_thai(organisation):
    """Even where only the constraint is checked, the message is translated."""
    now = timezone.now()
    budget = Budget(
        organisation=organisation,
        slug="cycle",
        name_th="งบ",
        total=1000,
        voting_opens=now,
        voting_closes=now,
    )
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        budget.validate_constraints()
    assert caught.value.messages == [VOTING_CLOSES_TH]
