"""Error pages are translated pages of the site, not bare server text."""

import pytest


@pytest.mark.django_db
def test_404_is_a_thai_page_with_a_way_back(client, settings):
    settings.DEBUG = False
    response = client.get("/th/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="th"' in html
    assert "ไม่พบหน้าที่ต้องการ" in html


@pytest.mark.django_db
def test_403_for_a_citizen_on_the_roles_page_is_translated(client, citizen):
    client.force_login(citizen)
    response = client.get("/en/manage/roles/")
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()
