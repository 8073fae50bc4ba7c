"""The town-hall screen: public visibility only, QR code, the same tally socket."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator

from budgets.models import Budget
from participation import live
from participation.asgi import application
from tests.conftest import make_budget, project_pks
from tests.voting.test_tally_consumer import session_headers
from voting.services import ballot_submit


@pytest.mark.django_db
def test_the_screen_shows_the_live_tally_and_a_qr_code(client, budget, citizen):
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "B"))
    page = client.get(f"/th/budgets/{budget.slug}/screen/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in text and "คิวอาร์โค้ด" in text  # its label, in Thai
    assert f"/th/budgets/{budget.slug}/vote/" in text
    assert "?public=1" in text and "js/tally.js" in text
    rows = page.context["rows"]
    assert rows[0]["project"].external_id == "B" and rows[0]["votes"] == 1


@pytest.mark.django_db
def test_the_screen_never_shows_an_official_the_hidden_tally(
    client, organisation, official, citizen
):
    budget = make_budget(
        organisation, results_visibility=Budget.ResultsVisibility.TURNOUT
    )
    ballot_submit(voter=citizen, budget=budget, project_ids=project_pks(budget, "A"))
    client.force_login(official)
    page = client.get(f"/en/budgets/{budget.slug}/screen/")
    assert page.context["tally"]["visibility"] == "turnout"
    assert "projects" not in page.context["tally"]
    api = client.get(f"/api/v1/budgets/{budget.slug}/tally/?public=1").json()
    assert api["visibility"] == "turnout" and "projects" not in api
    assert "projects" in client.get(f"/api/v1/budgets/{budget.slug}/tally/").json()


@pytest.fixture
async def hub():
    channel_layers.backends.clear()
    hub = live.LiveHub()
    live.install_hub(hub)
    yield hub
    await hub.close()


@pytest.mark.django_db(transaction=True)
async def test_the_screen_socket_is_public_even_for_an_official(hub):
    from participation.models import Organisation
    from participation.services import role_grant
    from tests.conftest import make_user

    def setup():
        organisation = Organisation.objects.create(slug="o", name_th="o")
        official = make_user("off@example.com")
        role_grant(user=official, role="official", organisation=organisation)
        budget = make_budget(organisation, results_visibility="hidden")
        return budget, official

    budget, official = await database_sync_to_async(setup)()
    communicator = WebsocketCommunicator(
        application,
        f"/ws/budgets/{budget.slug}/tally/?public=1",
        headers=await session_headers(official),
    )
    connected, _ = await communicator.connect()
    assert connected
    snapshot = await communicator.receive_json_from()
    assert snapshot["visibility"] == "none"
    await communicator.disconnect()
