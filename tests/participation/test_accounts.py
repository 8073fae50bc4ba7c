"""Sign-up with mandatory e-mail verification, language memory, roles."""

import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from participation.models import AuditEvent, RoleGrant, User
from tests.conftest import make_user


@pytest.mark.django_db
def test_sign_up_verify_email_then_vote_level(client):
    response = client.post(
        "/th/accounts/signup/",
        {
            "email": "somchai@example.com",
            "password1": "Ruamkid-2569-pass",
            "password2": "Ruamkid-2569-pass",
            "display_name": "สมชาย",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="somchai@example.com")
    assert user.verification_level == 0
    assert user.display_name == "สมชาย"
    assert user.preferred_language == "th"
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://[^\s]+/confirm-email/[^\s/]+/", mail.outbox[0].body
    ).group(0)
    path = link.split("testserver", 1)[-1]
    assert client.get(path).status_code == 200
    client.post(path)
    user.refresh_from_db()
    assert user.verification_level == 1


@pytest.mark.django_db
def test_unverified_email_cannot_log_in(client):
    client.post(
        "/th/accounts/signup/",
        {
            "email": "x@example.com",
            "password1": "Ruamkid-2569-pass",
            "password2": "Ruamkid-2569-pass",
        },
    )
    client.logout()
    response = client.post(
        "/th/accounts/login/",
        {"login": "x@example.com", "password": "Ruamkid-2569-pass"},
    )
    assert "/confirm-email/" in response["Location"]


@pytest.mark.django_db
def test_language_switch_is_remembered_on_the_user(client, citizen):
    client.force_login(citizen)
    response = client.post("/language/", {"language": "en", "next": "/th/budgets/"})
    assert response["Location"] == "/en/budgets/"
    citizen.refresh_from_db()
    assert citizen.preferred_language == "en"
    # on another device, the root address opens in English
    other = type(client)()
    other.force_login(citizen)
    first = other.get("/")
    assert first["Location"] == "/en/"
    assert first.cookies["ruamkid_language"].value == "en"


@pytest.mark.django_db
def test_language_switch_refuses_foreign_redirects(client):
    response = client.post(
        "/language/", {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_grant_role_command_makes_the_first_admin():
    user = make_user("first@example.com")
    call_command("grant_role", "first@example.com", "admin")
    user.refresh_from_db()
    assert user.is_superuser
    assert RoleGrant.objects.filter(user=user, role="admin").exists()
    assert AuditEvent.objects.filter(action="role.granted").count() == 1
    with pytest.raises(CommandError):
        call_command("grant_role", "nobody@example.com", "admin")
    with pytest.raises(CommandError):
        call_command("grant_role", "first@example.com", "official")


@pytest.mark.django_db
def test_only_admins_manage_roles(client, citizen, organisation):
    client.force_login(citizen)
    assert client.get("/th/manage/roles/").status_code == 403
    admin = make_user("boss@example.com")
    call_command("grant_role", "boss@example.com", "admin")
    client.force_login(admin)
    assert client.get("/th/manage/roles/").status_code == 200
    response = client.post(
        "/th/manage/roles/",
        {
            "grant-email": citizen.email,
            "grant-role": "official",
            "grant-organisation": organisation.pk,
        },
    )
    assert response.status_code == 302
    assert RoleGrant.objects.filter(
        user=citizen, role="official", organisation=organisation
    ).exists()
    # an official needs an organisation: a clear error, nothing granted
    response = client.post(
        "/th/manage/roles/", {"grant-email": citizen.email, "grant-role": "official"}
    )
    assert response.status_code == 200
    assert RoleGrant.objects.filter(user=citizen).count() == 1


@pytest.mark.django_db
def test_revoking_the_admin_role_removes_admin_access(client):
    from participation.services import role_revoke

    boss = make_user("boss@example.com")
    call_command("grant_role", "boss@example.com", "admin")
    client.force_login(boss)
    assert client.get("/th/admin/").status_code == 200
    role_revoke(grant=RoleGrant.objects.get(user=boss, role="admin"))
    boss.refresh_from_db()
    assert not boss.is_superuser and not boss.is_staff
    assert client.get("/th/manage/roles/").status_code == 403
    assert client.get("/th/admin/").status_code == 302
