"""Thai ID numbers: the check digit, the HMAC, and one account per ID."""

import pytest

from participation.thai_id import (
    ThaiIdError,
    is_valid_thai_id,
    thai_id_hmac,
    user_thai_id_set,
)
from tests.conftest import make_user
from tests.voting.paper_helpers import thai_id


def test_a_real_format_number_with_its_check_digit_is_valid():
    # 1-1017-00230-70-8: check digit of 110170023070 is 8
    assert is_valid_thai_id("1101700230708")
    assert is_valid_thai_id("1-1017-00230-70-8")
    assert is_valid_thai_id("๑๑๐๑๗๐๐๒๓๐๗๐๘")


@pytest.mark.parametrize(
    "number",
    [
        "1101700230707",
        "110170023070",
        "11017002307081",
        "abcdefghijklm",
        "",
        "0000000000000",
    ],
)
def test_wrong_check_digit_length_or_characters_are_invalid(number):
    assert not is_valid_thai_id(number)


def test_the_hmac_is_keyed_by_the_pepper_and_never_the_number(settings):
    settings.THAI_ID_PEPPER = "pepper-one"
    first = thai_id_hmac("1101700230708")
    assert len(first) == 64 and "1101700230708" not in first
    assert thai_id_hmac("1-1017-00230-70-8") == first
    settings.THAI_ID_PEPPER = "pepper-two"
    assert thai_id_hmac("1101700230708") != first


def test_hmac_of_an_invalid_number_is_refused():
    with pytest.raises(ThaiIdError) as caught:
        thai_id_hmac("1234567890123")
    assert caught.value.code == "invalid"
    assert caught.value.message


@pytest.mark.django_db
def test_one_account_per_thai_id(citizen):
    user_thai_id_set(user=citizen, thai_id=thai_id(1))
    citizen.refresh_from_db()
    assert citizen.thai_id_hmac == thai_id_hmac(thai_id(1))
    other = make_user("other@example.com")
    with pytest.raises(ThaiIdError) as caught:
        user_thai_id_set(user=other, thai_id=thai_id(1))
    assert caught.value.code == "taken"


@pytest.mark.django_db
def test_the_thai_id_is_given_once(citizen):
    user_thai_id_set(user=citizen, thai_id=thai_id(1))
    user_thai_id_set(user=citizen, thai_id=thai_id(1))  # the same again: fine
    with pytest.raises(ThaiIdError) as caught:
        user_thai_id_set(user=citizen, thai_id=thai_id(2))
    assert caught.value.code == "already_set"
