"""Helpers for the paper-ballot and register tests: valid Thai IDs, a budget."""

from participation.thai_id import check_digit
from tests.conftest import make_budget


def thai_id(serial: int) -> str:
    """A valid 13-digit Thai ID (right check digit) built from ``serial``."""
    first = f"1{serial:011d}"
    return first + str(check_digit(first))


def register_budget(organisation, **fields):
    """A budget open for voting that uses a register of residents."""
    fields.setdefault("uses_register", True)
    return make_budget(organisation, **fields)
