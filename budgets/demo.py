"""Demo content of a past budget cycle whose funded projects are being built.

``load_budget_cycle_demo()`` is idempotent: it uses the demo's published past
cycle (``ruamjai-2569``) when it is there, else creates a small published cycle
of its own, then opens the tracking of its funded projects and reports their
progress once.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from participation.models import Organisation

from .models import Budget, Project
from .services import implementations_open, progress_update_add

PAST_SLUG = "ruamjai-2569"
OWN_SLUG = "ruamjai-2568"

#: (id, name_th, name_en, cost)
OWN_PROJECTS = [
    ("1", "ซ่อมถนนซอยวัดกลาง", "Resurface Wat Klang lane", 400_000),
    ("2", "ติดตั้งไฟส่องสว่างสวนสาธารณะ", "Lights in the public park", 250_000),
    ("3", "ห้องสมุดชุมชน", "Community library corner", 300_000),
    ("4", "ตลาดนัดชุมชนวันอาทิตย์", "Sunday community market", 200_000),
]
OWN_VOTES = [["1", "2"], ["1"], ["2", "3"], ["1", "3"], ["4"], ["1", "2"]]

#: progress reported on the funded projects, in order: (status, %, spent
#: share of the cost, days ago, Thai text, cancel reason)
PROGRESS = [
    ("done", 100, Decimal("0.96"), 40, "ดำเนินการแล้วเสร็จและส่งมอบงานให้ชุมชนแล้ว", ""),
    ("in_progress", 60, Decimal("0.55"), 12, "ผู้รับจ้างดำเนินงานไปแล้วกว่าครึ่ง คาดว่าแล้วเสร็จเดือนหน้า", ""),  # noqa: E501
    ("in_progress", 25, Decimal("0.20"), 5, "ลงนามสัญญาจ้างแล้ว เริ่มงานเตรียมพื้นที่", ""),
    ("not_started", 0, Decimal("0"), 3, "อยู่ระหว่างจัดซื้อจัดจ้างตามระเบียบ", ""),
    ("cancelled", 0, Decimal("0"), 20, "ยกเลิกโครงการ", "พื้นที่ก่อสร้างอยู่ในเขตที่ดินของกรมธนารักษ์ ไม่ได้รับอนุญาตให้ใช้"),  # noqa: E501
]  # fmt: skip


def _own_past_cycle() -> Budget:
    """A small published cycle with anonymous ballots (when the main demo has none)."""
    from voting.models import Ballot, BallotItem

    now = timezone.now()
    organisation, _created = Organisation.objects.get_or_create(
        slug="ruamjai",
        defaults={"name_th": "เทศบาลเมืองร่วมใจ", "name_en": "Ruamjai Town Municipality"},
    )
    budget = Budget.objects.create(
        slug=OWN_SLUG,
        organisation=organisation,
        name_th="งบประมาณแบบมีส่วนร่วม เทศบาลเมืองร่วมใจ ปีงบประมาณ 2568",
        name_en="Ruamjai participatory budget, fiscal year 2025",
        total=800_000,
        fiscal_year=2568,
        ideas_opens=now - timedelta(days=400),
        review_opens=now - timedelta(days=380),
        voting_opens=now - timedelta(days=360),
        voting_closes=now - timedelta(days=340),
        results_published_at=now - timedelta(days=335),
        ballot_rule=Budget.BallotRule.APPROVAL,
        max_projects=3,
    )
    pks = {}
    for position, (external_id, name_th, name_en, cost) in enumerate(OWN_PROJECTS):
        project = Project.objects.create(
            budget=budget,
            external_id=external_id,
            position=position,
            name_th=name_th,
            name_en=name_en,
            cost=cost,
        )
        pks[external_id] = project.pk
    for chosen in OWN_VOTES:
        ballot = Ballot.objects.create(budget=budget, channel=Ballot.Channel.IMPORTED)
        BallotItem.objects.bulk_create(
            BallotItem(ballot=ballot, project_id=pks[external_id])
            for external_id in chosen
        )
    budget.tally_version = len(OWN_VOTES)
    budget.save(update_fields=["tally_version"])
    return budget


def _winners(budget: Budget) -> list[int]:
    from voting.results import pot_result

    external_ids = [
        external_id
        for pot in budget.pots()
        for external_id in pot_result(budget, budget.counting_rule, pot)["winners"]
    ]
    return list(
        budget.projects.filter(external_id__in=external_ids)
        .order_by("position")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def load_budget_cycle_demo() -> Budget:
    """Make sure a past cycle has funded projects with progress; return it."""
    budget = Budget.objects.filter(
        slug=PAST_SLUG, results_published_at__isnull=False
    ).first()
    if budget is None:
        budget = Budget.objects.filter(slug=OWN_SLUG).first() or _own_past_cycle()
    implementations = implementations_open(
        budget=budget, project_ids=_winners(budget), by=None
    )
    today = timezone.localdate()
    for implementation, progress in zip(implementations, PROGRESS, strict=False):
        if implementation.updates.exists():
            continue
        status, percent, share, days_ago, text, reason = progress
        progress_update_add(
            implementation=implementation,
            by=None,
            date=today - timedelta(days=days_ago),
            text=text,
            status=status,
            percent=percent,
            money_spent=(implementation.project.cost * share).quantize(Decimal("1")),
            cancel_reason=reason,
        )
    return budget
