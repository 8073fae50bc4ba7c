"""The register of eligible residents of a budget (paper voting).

Officials upload it as CSV (name, Thai ID, area code) or add one person after
checking their ID card at a booth. Thai IDs are kept only as their HMAC.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from budgets.models import Budget
from participation.models import Area, User
from participation.rules import is_official_of
from participation.services import audit_log
from participation.thai import normalize_text
from participation.thai_id import is_valid_thai_id, thai_id_hmac

from .models import Resident

REGISTER_ERROR_MESSAGES = {
    "not_allowed": _("Only officials of this budget's organisation can do this."),
    "not_a_register": _("This budget has no register of residents."),
    "name_required": _("Enter the person's name."),
    "invalid_thai_id": _(
        "Enter a valid Thai ID number: 13 digits, as printed on the ID card."
    ),
    "unknown_area": _("There is no area with this code in this budget."),
    "already_registered": _("This person is already in the register."),
    "bad_file": _(
        "The file could not be read. Save it as CSV (UTF-8) with the columns "
        "name, Thai ID and area."
    ),
}


class RegisterError(Exception):
    """A register change was refused; ``code`` is one of REGISTER_ERROR_MESSAGES."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(REGISTER_ERROR_MESSAGES[self.code])


@dataclass
class RegisterImport:
    """What an upload did: rows added, and ``errors`` as (line number, message)."""

    added: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def register_areas(budget: Budget) -> dict[str, Area]:
    """Areas residents of ``budget`` may live in, by code: its districts, else all."""
    districts = [d.area for d in budget.districts.select_related("area")]
    areas = districts or list(Area.objects.all())
    return {area.code: area for area in areas}


def _check_official(budget: Budget, by: User) -> None:
    if not is_official_of(by, budget.organisation):
        raise RegisterError("not_allowed")
    if not budget.uses_register:
        raise RegisterError("not_a_register")


def _resident_values(
    budget: Budget, areas: dict[str, Area], name: str, thai_id: str, area_code: str
) -> tuple[str, str, Area | None]:
    name = normalize_text(name or "").strip()
    if not name:
        raise RegisterError("name_required")
    if not is_valid_thai_id(thai_id):
        raise RegisterError("invalid_thai_id")
    area_code = (area_code or "").strip()
    area = None
    if area_code:
        area = areas.get(area_code)
        if area is None:
            raise RegisterError("unknown_area")
    elif budget.has_districts:
        raise RegisterError("unknown_area")
    return name, thai_id_hmac(thai_id), area


@transaction.atomic
def resident_add(
    *, budget: Budget, name: str, thai_id: str, area_code: str, by: User
) -> Resident:
    """Add one person to the register after an official checked their ID card.

    Audited (without the ID). Raises ``RegisterError``.
    """
    _check_official(budget, by)
    name, key, area = _resident_values(
        budget, register_areas(budget), name, thai_id, area_code
    )
    if Resident.objects.filter(budget=budget, thai_id_hmac=key).exists():
        raise RegisterError("already_registered")
    resident = Resident(
        budget=budget,
        name=name,
        thai_id_hmac=key,
        area=area,
        source=Resident.Source.BOOTH,
        added_by=by,
    )
    resident.full_clean()
    resident.save()
    audit_log(
        actor=by,
        action="register.resident_added",
        target=budget,
        data={"resident": resident.pk},
    )
    return resident


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterError("bad_file") from None
    return csv.reader(io.StringIO(text))


HEADER_WORDS = {"name", "ชื่อ", "ชื่อ-นามสกุล", "ชื่อ นามสกุล"}


@transaction.atomic
def register_import_csv(*, budget: Budget, content: bytes, by: User) -> RegisterImport:
    """Add the rows of a CSV file (name, Thai ID, area code) to the register.

    A first row whose first cell is a header word (``name``, ``ชื่อ``) is
    skipped. Good rows are added; each bad row is reported with its line number
    and a translated reason, and nothing else is written for it. People already
    in the register are reported too. Audited once per upload, without IDs.
    Raises ``RegisterError("not_allowed" | "not_a_register" | "bad_file")``.
    """
    _check_official(budget, by)
    areas = register_areas(budget)
    report = RegisterImport()
    seen = set(
        Resident.objects.filter(budget=budget).values_list("thai_id_hmac", flat=True)
    )
    new_residents = []
    for line, row in enumerate(_csv_rows(content), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if line == 1 and cells[0].lower() in HEADER_WORDS:
            continue
        if len(cells) < 2 or len(cells) > 3:
            report.errors.append(
                (
                    line,
                    gettext("Expected 3 columns: name, Thai ID, area."),
                )
            )
            continue
        cells += [""] * (3 - len(cells))
        try:
            name, key, area = _resident_values(budget, areas, *cells)
        except RegisterError as error:
            report.errors.append((line, error.message))
            continue
        if key in seen:
            report.errors.append(
                (line, str(REGISTER_ERROR_MESSAGES["already_registered"]))
            )
            continue
        seen.add(key)
        new_residents.append(
            Resident(
                budget=budget,
                name=name,
                thai_id_hmac=key,
                area=area,
                source=Resident.Source.CSV,
                added_by=by,
            )
        )
    Resident.objects.bulk_create(new_residents, batch_size=1000)
    report.added = len(new_residents)
    audit_log(
        actor=by,
        action="register.imported",
        target=budget,
        data={
            "added": report.added,
            "refused_lines": [number for number, _message in report.errors],
        },
    )
    return report


def resident_find(*, budget: Budget, thai_id: str) -> Resident | None:
    """The register row of the person with ``thai_id``, or None (also if invalid)."""
    if not is_valid_thai_id(thai_id):
        return None
    return (
        Resident.objects.select_related("area")
        .filter(budget=budget, thai_id_hmac=thai_id_hmac(thai_id))
        .first()
    )
