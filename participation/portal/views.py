"""The home page: what Ruamkid is and which budgets are open."""

from django.shortcuts import render

from budgets.models import Budget
from participation.phases import Phase


def home(request):
    budgets = list(Budget.objects.listed()[:20])
    open_budgets = [budget for budget in budgets if budget.phase() == Phase.VOTING]
    other_budgets = [budget for budget in budgets if budget.phase() != Phase.VOTING]
    return render(
        request,
        "participation/home.html",
        {"open_budgets": open_budgets, "other_budgets": other_budgets[:6]},
    )
