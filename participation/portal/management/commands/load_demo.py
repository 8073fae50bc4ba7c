"""``manage.py load_demo``: idempotent demo data for `make run`.

A Thai municipality with a budget in its voting phase and some ballots (it keeps
a register of residents, so officials can try paper ballots), demo accounts and
register Thai IDs (printed), and one closed budget imported from a real Pabulib
file when ``../shared/data/pabulib/`` (or ``PABULIB_DIR``) is there.
"""

import os
from datetime import datetime, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from budgets.demo import load_budget_cycle_demo
from budgets.models import Budget, BudgetDistrict, Project
from consultations.demo import load_consultation_demo
from participation.models import Area, Organisation, RoleGrant, User
from participation.portal import demo
from participation.services import role_grant
from participation.thai_id import user_thai_id_set
from proposals.models import Category, Proposal, StatusChange
from proposals.services import proposal_change_status, proposal_submit
from voting.imports import budget_import_pabulib
from voting.models import Ballot, Resident, VoterRecord
from voting.register import resident_add, resident_find
from voting.services import ballot_submit, budget_results_publish

DEMO_PABULIB_FILE = "Poland_Swiecie_2023.pb"


def pabulib_dir() -> Path:
    """The shared Pabulib files: ``PABULIB_DIR`` or ``../shared/data/pabulib``."""
    configured = os.environ.get("PABULIB_DIR")
    if configured:
        return Path(configured)
    return settings.BASE_DIR.parent / "shared" / "data" / "pabulib"


def date_ballot(ballot: Ballot, voted_at: datetime) -> None:
    """Date a demo ballot, and its voter's first vote when earlier (the
    services stamp the time they were called)."""
    Ballot.objects.filter(pk=ballot.pk).update(created_at=voted_at, updated_at=voted_at)
    VoterRecord.objects.filter(
        budget_id=ballot.budget_id,
        user_id=ballot.voter_id,
        first_voted_at__gt=voted_at,
    ).update(first_voted_at=voted_at)


class Command(BaseCommand):
    help = "Load the demo municipality, budget and accounts (safe to run again)."

    def handle(self, *args, **options):
        # demo answers notify demo people; keep those e-mails off the console
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            self._load()

    def _load(self):
        with transaction.atomic():
            organisation, budget = self._municipality()
            accounts = self._accounts(organisation)
            self._register(budget)
        self._demo_ballots(budget)
        self._proposals(organisation)
        load_consultation_demo(
            organisation=organisation,
            official=User.objects.get(email=demo.OFFICIAL_EMAIL),
        )
        self._past_district_budget(organisation)
        load_budget_cycle_demo()
        self._imported_budget()
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
        for label, email in accounts:
            self.stdout.write(f"  {label:<10} {email}")
        self.stdout.write("")
        if budget.uses_register:
            self.stdout.write(
                f"Paper ballots of {budget.slug}: Thai IDs in its register "
                "(log in as official):"
            )
            for serial, name in demo.REGISTER:
                self.stdout.write(f"  {demo.demo_thai_id(serial)}  {name}")
            self.stdout.write("")

    def _municipality(self):
        organisation, _ = Organisation.objects.get_or_create(
            slug=demo.MUNICIPALITY["slug"], defaults=demo.MUNICIPALITY
        )
        areas = {}
        for code, name_th, name_en in demo.AREAS:
            areas[code], _ = Area.objects.get_or_create(
                code=code, defaults={"name_th": name_th, "name_en": name_en}
            )
        opens, closes = demo.voting_window()
        budget, created = Budget.objects.get_or_create(
            slug=demo.BUDGET["slug"],
            defaults={
                **demo.BUDGET,
                "organisation": organisation,
                "voting_opens": opens,
                "voting_closes": closes,
                "ballot_rule": Budget.BallotRule.KNAPSACK,
                "min_projects": 1,
                "counting_rule": Budget.CountingRule.MES_ADD1_GREEDY,
                "results_visibility": Budget.ResultsVisibility.LIVE,
                "uses_register": True,
            },
        )
        if not created and budget.phase() != "voting":
            budget.voting_opens, budget.voting_closes = opens, closes
            budget.results_published_at = None
            budget.save(
                update_fields=["voting_opens", "voting_closes", "results_published_at"]
            )
        for position, (
            pid,
            name_th,
            name_en,
            desc_th,
            desc_en,
            cost,
            area,
        ) in enumerate(demo.PROJECTS):
            Project.objects.get_or_create(
                budget=budget,
                external_id=pid,
                defaults={
                    "position": position,
                    "name_th": name_th,
                    "name_en": name_en,
                    "description_th": desc_th,
                    "description_en": desc_en,
                    "cost": cost,
                    "area": areas.get(area),
                },
            )
        return organisation, budget

    def _account(self, email, display_name, area=None):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                demo.DEMO_PASSWORD,
                display_name=display_name,
                verification_level=User.Verification.EMAIL,
                home_area=area,
            )
        elif area is not None and user.home_area_id is None:
            # a demo loaded before its voters had areas
            User.objects.filter(pk=user.pk).update(home_area=area)
            user.home_area = area
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _accounts(self, organisation):
        area = Area.objects.filter(code=demo.AREAS[0][0]).first()
        citizen = self._account(demo.CITIZEN_EMAIL, "สมใจ ใจดี", area)
        # given already, so the citizen votes online without the Thai ID step
        user_thai_id_set(
            user=citizen, thai_id=demo.demo_thai_id(demo.CITIZEN_ID_SERIAL)
        )
        official = self._account(demo.OFFICIAL_EMAIL, "เจ้าหน้าที่กองคลัง")
        role_grant(
            user=official, role=RoleGrant.Role.OFFICIAL, organisation=organisation
        )
        admin = self._account(demo.ADMIN_EMAIL, "ผู้ดูแลระบบ")
        role_grant(user=admin, role=RoleGrant.Role.ADMIN)
        return [
            ("citizen", demo.CITIZEN_EMAIL),
            ("official", demo.OFFICIAL_EMAIL),
            ("admin", demo.ADMIN_EMAIL),
        ]

    def _register(self, budget):
        """The people of ``demo.REGISTER`` in the open budget's register, each
        in a community (``demo.demo_area_code``)."""
        if not budget.uses_register:  # a demo loaded before it had one
            return
        official = User.objects.get(email=demo.OFFICIAL_EMAIL)
        for serial, name in demo.REGISTER:
            thai_id = demo.demo_thai_id(serial)
            area_code = demo.demo_area_code(serial)
            resident = resident_find(budget=budget, thai_id=thai_id)
            if resident is None:
                resident_add(
                    budget=budget,
                    name=name,
                    thai_id=thai_id,
                    area_code=area_code,
                    by=official,
                )
            elif resident.area_id is None:  # a demo loaded before they had areas
                Resident.objects.filter(pk=resident.pk).update(
                    area=Area.objects.get(code=area_code)
                )

    def _demo_ballots(self, budget):
        """Ballots from ten demo residents, so the live tally is not empty, cast
        over the days since voting opened (each gave a Thai ID, as a budget with a
        register asks, and lives in one of the communities)."""
        project_pk = dict(budget.projects.values_list("external_id", "pk"))
        areas = {area.code: area for area in Area.objects.all()}
        times = demo.vote_times(
            budget.voting_opens, timezone.now(), len(demo.DEMO_VOTES), closed=False
        )
        for number, (chosen, voted_at) in enumerate(
            zip(demo.DEMO_VOTES, times, strict=True), start=1
        ):
            voter = self._account(
                f"resident{number}@example.com",
                "",
                areas[demo.demo_area_code(number)],
            )
            if budget.ballots.filter(voter=voter).exists():
                continue
            voter = user_thai_id_set(user=voter, thai_id=demo.demo_thai_id(number))
            ballot = ballot_submit(
                voter=voter, budget=budget, project_ids=[project_pk[p] for p in chosen]
            )
            date_ballot(ballot, voted_at)

    def _proposals(self, organisation):
        """Proposals and problem reports from residents over the past weeks, some
        answered days later (dated afterwards: the services stamp now)."""
        if Proposal.objects.filter(organisation=organisation).exists():
            return
        categories = {}
        for slug, name_th, name_en in demo.CATEGORIES:
            categories[slug], _ = Category.objects.get_or_create(
                organisation=organisation,
                slug=slug,
                defaults={"name_th": name_th, "name_en": name_en},
            )
        areas = {area.code: area for area in Area.objects.all()}
        citizen = User.objects.get(email=demo.CITIZEN_EMAIL)
        official = User.objects.get(email=demo.OFFICIAL_EMAIL)
        now = timezone.now()
        for kind, title, body, category, area, days_ago, answers in demo.PROPOSALS:
            proposal = proposal_submit(
                author=citizen,
                organisation=organisation,
                kind=kind,
                title=title,
                body=body,
                category=categories[category],
                area=areas.get(area),
            )
            submitted_at = now - timedelta(days=days_ago)
            StatusChange.objects.filter(proposal=proposal).update(
                created_at=submitted_at
            )
            answered_at = None
            for status, answer, days_later in answers:
                change = proposal_change_status(
                    proposal=proposal,
                    official=official,
                    to_status=status,
                    answer=answer,
                )
                changed_at = submitted_at + timedelta(days=days_later)
                StatusChange.objects.filter(pk=change.pk).update(created_at=changed_at)
                answered_at = answered_at or changed_at
            moved = proposal.submitted_at - submitted_at
            Proposal.objects.filter(pk=proposal.pk).update(
                created_at=submitted_at,
                submitted_at=submitted_at,
                answered_at=answered_at,
                supports_close_at=(
                    proposal.supports_close_at - moved
                    if proposal.supports_close_at
                    else None
                ),
            )

    def _past_district_budget(self, organisation):
        """A closed, published cycle with money per community and a city-wide pot."""
        if Budget.objects.filter(slug=demo.PAST_BUDGET["slug"]).exists():
            return
        now = timezone.now()
        # open while the services take the ballots, then moved to these dates
        opens, closes = now - timedelta(days=330), now - timedelta(days=300)
        voter_count = sum(len(ballots) for ballots in demo.PAST_VOTES.values())
        voted_at = iter(demo.vote_times(opens, closes, voter_count, closed=True))
        with transaction.atomic():
            budget = Budget.objects.create(
                **demo.PAST_BUDGET,
                organisation=organisation,
                voting_opens=now - timedelta(days=400),
                voting_closes=now + timedelta(minutes=5),
                ballot_rule=Budget.BallotRule.APPROVAL,
                counting_rule=Budget.CountingRule.MES_ADD1_GREEDY,
            )
            areas = {area.code: area for area in Area.objects.all()}
            for code, money in demo.PAST_DISTRICTS:
                BudgetDistrict.objects.create(
                    budget=budget, area=areas[code], total=money
                )
            for position, (pid, name_th, name_en, cost, code) in enumerate(
                demo.PAST_PROJECTS
            ):
                Project.objects.create(
                    budget=budget,
                    external_id=pid,
                    position=position,
                    name_th=name_th,
                    name_en=name_en,
                    cost=cost,
                    area=areas.get(code),
                )
            project_pk = dict(budget.projects.values_list("external_id", "pk"))
            for code, ballots in demo.PAST_VOTES.items():
                for number, (local, citywide) in enumerate(ballots, start=1):
                    voter = User.objects.filter(
                        email=f"{code}-{number}@example.com"
                    ).first()
                    if voter is None:
                        voter = User.objects.create_user(
                            f"{code}-{number}@example.com",
                            None,
                            verification_level=User.Verification.EMAIL,
                            home_area=areas[code],
                        )
                    district_ballot = ballot_submit(
                        voter=voter,
                        budget=budget,
                        project_ids=[project_pk[p] for p in local],
                        area=areas[code],
                    )
                    citywide_ballot = ballot_submit(
                        voter=voter,
                        budget=budget,
                        project_ids=[project_pk[p] for p in citywide],
                    )
                    voter_at = next(voted_at)
                    date_ballot(district_ballot, voter_at)
                    date_ballot(citywide_ballot, voter_at)
            budget.voting_opens, budget.voting_closes = opens, closes
            budget.save()
            budget_results_publish(budget=budget, by=None)
            Budget.objects.filter(pk=budget.pk).update(
                results_published_at=now - timedelta(days=290)
            )

    def _imported_budget(self):
        folder = pabulib_dir()
        path = folder / DEMO_PABULIB_FILE
        slug = "poland-swiecie-2023"
        if Budget.objects.filter(slug=slug).exists():
            return
        if not path.exists():
            self.stdout.write(
                f"No Pabulib file at {path}: skipping the imported budget. "
                "Import one with: .venv/bin/python manage.py import_pabulib FILE.pb"
            )
            return
        budget, _ = budget_import_pabulib(
            text=path.read_text(encoding="utf-8-sig"), slug=slug, file_name=path.name
        )
        budget.counting_rule = Budget.CountingRule.MES_ADD1_GREEDY
        budget.save(update_fields=["counting_rule"])
        self.stdout.write(f"Imported {path.name} as the closed budget {slug}.")
