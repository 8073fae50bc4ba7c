"""Thai national ID numbers: the check digit, and the HMAC kept instead of them.

The 13-digit ID (เลขประจำตัวประชาชน) is never stored (PDPA B.E. 2562): only
``thai_id_hmac(number)``, an HMAC-SHA256 under ``settings.THAI_ID_PEPPER``. The same
key identifies a person online (``User.thai_id_hmac``) and in a budget's resident
register, so one person holds one vote across channels.
"""

import hashlib
import hmac
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .models import User
from .thai import to_arabic_digits

THAI_ID_ERROR_MESSAGES = {
    "invalid": _("Enter a valid Thai ID number: 13 digits, as printed on the ID card."),
    "already_set": _("Your account already has a Thai ID number."),
    "taken": _("This Thai ID number is already used by another account."),
}


class ThaiIdError(Exception):
    """A Thai ID was refused; ``code``: ``invalid``, ``already_set`` or ``taken``."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(THAI_ID_ERROR_MESSAGES[self.code])


def normalize_thai_id(text: str) -> str:
    """The digits of ``text`` (Thai digits become 0-9; spaces and dashes dropped)."""
    return re.sub(r"[\s\-]", "", to_arabic_digits(text or ""))


def check_digit(first_twelve: str) -> int:
    """The 13th digit: (11 - sum(digit × weight 13..2) mod 11) mod 10."""
    total = sum(int(d) * (13 - i) for i, d in enumerate(first_twelve))
    return (11 - total % 11) % 10


def is_valid_thai_id(text: str) -> bool:
    """True for 13 digits (after ``normalize_thai_id``) with a correct check digit."""
    number = normalize_thai_id(text)
    if not re.fullmatch(r"[0-9]{13}", number) or number[0] == "0":
        return False
    return check_digit(number[:12]) == int(number[12])


def thai_id_hmac(text: str) -> str:
    """The HMAC-SHA256 (64 hex characters) of a valid Thai ID.

    Raises ``ThaiIdError("invalid")`` when the number is not a valid Thai ID.
    """
    if not is_valid_thai_id(text):
        raise ThaiIdError("invalid")
    pepper = str(settings.THAI_ID_PEPPER).encode()
    return hmac.new(
        pepper, normalize_thai_id(text).encode(), hashlib.sha256
    ).hexdigest()


@transaction.atomic
def user_thai_id_set(*, user: User, thai_id: str) -> User:
    """Record the HMAC of ``user``'s Thai ID, once (one account per ID).

    Raises ``ThaiIdError``: ``invalid``, ``already_set`` (the account has one),
    ``taken`` (another account holds this ID).
    """
    key = thai_id_hmac(thai_id)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.thai_id_hmac:
        if user.thai_id_hmac == key:
            return user
        raise ThaiIdError("already_set")
    if User.objects.filter(thai_id_hmac=key).exists():
        raise ThaiIdError("taken")
    user.thai_id_hmac = key
    try:
        with transaction.atomic():
            user.save(update_fields=["thai_id_hmac"])
    except IntegrityError:
        raise ThaiIdError("taken") from None
    return user
