"""``manage.py count_budget SLUG --rule RULE [--json]``: count a budget's ballots."""

import json

from django.core.management.base import BaseCommand, CommandError

from budgets.models import Budget
from voting.results import budget_result


class Command(BaseCommand):
    help = "Count a budget under a rule and print the winners."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--rule", choices=Budget.CountingRule.values, default=None)
        parser.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, slug, rule=None, **options):
        budget = Budget.objects.filter(slug=slug).first()
        if budget is None:
            raise CommandError(f"No budget has the slug {slug!r}.")
        result = budget_result(budget, rule or budget.counting_rule)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"Rule: {result['rule']}; cost {result['cost']} of {budget.total}"
        )
        for winner in result["winners"]:
            self.stdout.write(winner)
