"""Public pages of budgets: list, budget with live tally, vote, results.

The voting app owns these pages because they show tallies and ballots; the
budgets app (below it in the dependency order) keeps the budget data itself.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets.models import Budget
from participation.phases import Phase

from . import results as results_service
from .api.exports import ballots_public
from .filters import BudgetFilter
from .forms import BallotForm
from .models import Ballot, VoterRecord
from .selectors import (
    FULL,
    pots_for_voter,
    tally_filtered,
    tally_level_for,
    tally_snapshot,
)
from .services import BallotError, ballot_submit, voter_is_eligible


def budget_list(request):
    """All budgets, voting ones first, filtered as the API (``BudgetFilter``)."""
    filtered = BudgetFilter(request.GET or None, queryset=Budget.objects.listed())
    budgets = list(filtered.qs)
    budgets.sort(key=lambda budget: budget.phase() != Phase.VOTING)
    return render(
        request, "voting/budget_list.html", {"budgets": budgets, "filter": filtered}
    )


def _tally_rows(budget, tally, projects):
    votes = {row["id"]: row["votes"] for row in tally.get("projects", [])}
    top = max(votes.values(), default=0)
    return [
        {"project": project, "votes": votes.get(project.external_id), "top": top}
        for project in projects
    ]


def budget_detail(request, slug: str):
    """A budget: what it is, its projects, its phase and the tally visible now.

    The counts are in the HTML at load time (works without JavaScript); the live
    script then follows the socket, or polls the tally API.
    """
    budget = get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)
    snapshot = tally_snapshot(budget)
    level = tally_level_for(
        user=request.user, budget=budget, public_level=snapshot["public_level"]
    )
    tally = tally_filtered(snapshot, level)
    projects = list(budget.projects.on_ballot().select_related("area"))
    has_voted = (
        request.user.is_authenticated
        and VoterRecord.objects.filter(budget=budget, user=request.user).exists()
    )
    return render(
        request,
        "voting/budget_detail.html",
        {
            "budget": budget,
            "rows": _tally_rows(budget, tally, projects),
            "tally": tally,
            "phase": budget.phase(),
            "has_voted": has_voted,
            "pots": budget.pots(),
        },
    )


def _chosen_pot(request, budget: Budget, pots: list):
    """The pot named by ``?pot=`` (area code or ``city``), else the first one."""
    key = request.POST.get("pot") or request.GET.get("pot")
    for pot in pots:
        if pot.key == key:
            return pot
    return pots[0] if pots else None


def vote(request, slug: str):
    """The ballot: a plain form (works without JavaScript) that calls the service.

    With district budgets the voter has one ballot for their area's pot and one
    for the city-wide pot (``?pot=``). The voter sees their own current choice to
    change it; nobody else ever does.
    """
    budget = get_object_or_404(Budget, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if (
        budget.uses_register
        and not request.user.thai_id_hmac
        and budget.phase() == Phase.VOTING
    ):
        # one vote per person across paper and online: the Thai ID comes first
        return HttpResponseRedirect(reverse("voting:thai_id", args=[budget.slug]))
    all_pots = budget.pots()
    pots = pots_for_voter(budget, request.user)
    pot = _chosen_pot(request, budget, pots)
    missing_home_area = budget.has_districts and not any(p.area for p in pots)
    projects = (
        list(budget.pot_projects(pot).on_ballot().select_related("area")) if pot else []
    )
    voted_pots = set(
        Ballot.objects.filter(budget=budget, voter=request.user).values_list(
            "area__code", flat=True
        )
    )
    ballot = (
        Ballot.objects.filter(budget=budget, voter=request.user, area=pot.area).first()
        if pot
        else None
    )
    current = {}
    if ballot is not None:
        current = dict(ballot.items.values_list("project_id", "points"))
    phase = budget.phase()
    eligible = voter_is_eligible(voter=request.user, budget=budget)
    if request.method == "POST" and pot is not None:
        form = BallotForm(request.POST, budget=budget, projects=projects)
        if form.is_valid():
            try:
                ballot_submit(
                    voter=request.user,
                    budget=budget,
                    project_ids=form.cleaned_data["projects"],
                    points=form.points,
                    area=pot.area,
                )
            except BallotError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Your ballot was recorded. "
                        "You can change it until voting closes."
                    )
                    if ballot is None
                    else _("Your ballot was changed."),
                )
                url = reverse("voting:vote", args=[budget.slug])
                if len(all_pots) > 1:
                    url += f"?pot={pot.key}"
                return HttpResponseRedirect(url)
        chosen = set(form.data.getlist("projects"))
        current = {}
        for project in projects:
            if str(project.pk) in chosen:
                current[project.pk] = 1
            raw = form.data.get(f"points_{project.pk}")
            if raw:
                current[project.pk] = raw
    else:
        form = BallotForm(budget=budget, projects=projects)
    choices = [
        {
            "project": project,
            "checked": project.pk in current,
            "points": current.get(project.pk, ""),
            "points_field": form[f"points_{project.pk}"]
            if f"points_{project.pk}" in form.fields
            else None,
        }
        for project in projects
    ]
    return render(
        request,
        "voting/vote.html",
        {
            "budget": budget,
            "form": form,
            "choices": choices,
            "ballot": ballot,
            "pot": pot,
            "pots": [
                {
                    "pot": p,
                    "voted": (p.area.code if p.area else None) in voted_pots,
                    "current": p == pot,
                }
                for p in pots
            ],
            "show_pots": len(all_pots) > 1,
            "missing_home_area": missing_home_area,
            "phase": phase,
            "voting_open": phase == Phase.VOTING,
            "eligible": eligible,
            "Rule": Budget.BallotRule,
        },
    )


def _results_sections(budget: Budget, rule: str, other_rule: str) -> list[dict]:
    """One section per pot: the outcome, its rows and the other rule's choice.

    Raises ``CountingInProgress`` while another request counts a pot under
    ``rule``; a comparison still being counted is ``None`` (shown as such).
    """
    sections = []
    for pot in budget.pots():
        result = results_service.pot_result(budget, rule, pot, wait=False)
        try:
            other = results_service.pot_result(budget, other_rule, pot, wait=False)
        except results_service.CountingInProgress:
            comparison = None
        else:
            comparison = results_service.compare(budget, pot, result, other)
        sections.append(
            {
                "pot": pot,
                "result": result,
                "rows": results_service.result_rows(budget, result, pot),
                "comparison": comparison,
            }
        )
    return sections


def budget_results(request, slug: str):
    """The outcome under the budget's rule (or ``?rule=``), when it may be seen.

    A request that finds the count already running elsewhere does not count
    again: it answers 503 with ``Retry-After`` and a sentence with a reload link
    (a plain page, so it works without JavaScript), as the results API does.
    503 rather than 200 so that crawlers and caches do not keep this page as
    the results.
    """
    budget = get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)
    level = tally_level_for(user=request.user, budget=budget)
    rule = request.GET.get("rule") or budget.counting_rule
    if rule not in Budget.CountingRule.values:
        raise Http404
    context = {
        "budget": budget,
        "visible": level == FULL,
        "rule": rule,
        "ballots_public": ballots_public(request.user, budget),
        "rules": Budget.CountingRule.choices,
        "reload_url": request.get_full_path(),
    }
    running = None
    if level == FULL:
        other_rule = results_service.comparison_rule(rule)
        try:
            context["sections"] = _results_sections(budget, rule, other_rule)
        except results_service.CountingInProgress as error:
            running = error
        context["counting"] = running is not None
        context["other_rule"] = other_rule
        context["other_rule_label"] = Budget.CountingRule(other_rule).label
    response = render(
        request,
        "voting/results.html",
        context,
        status=503 if running is not None else 200,
    )
    if running is not None:
        response["Retry-After"] = str(running.retry_after)
    return response


def project_detail(request, slug: str, pk: int):
    """One project: its description, cost, votes when visible, and its discussion."""
    budget = get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)
    project = get_object_or_404(budget.projects.select_related("area"), pk=pk)
    snapshot = tally_snapshot(budget)
    level = tally_level_for(
        user=request.user, budget=budget, public_level=snapshot["public_level"]
    )
    votes = {row["id"]: row["votes"] for row in snapshot["projects"]}
    return render(
        request,
        "voting/project_detail.html",
        {
            "budget": budget,
            "project": project,
            "votes": votes.get(project.external_id) if level == FULL else None,
            "phase": budget.phase(),
        },
    )
