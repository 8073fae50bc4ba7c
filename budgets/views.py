"""The officials' workspace: budget cycles, areas' money, projects, review, results.

Every page works without JavaScript. Permission checks here (``rules``) and again
in the services; errors of services become form errors.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participation.models import Organisation, RoleGrant
from participation.phases import Phase
from participation.rules import is_admin

from .filters import ImplementationFilter
from .forms import (
    BudgetForm,
    DistrictForm,
    FromProposalForm,
    IdeaForm,
    MergeForm,
    ProgressForm,
    ProjectForm,
    ReviewForm,
)
from .models import Budget, BudgetDistrict, Implementation, Project
from .services import (
    BudgetError,
    ImplementationError,
    budget_create,
    budget_district_remove,
    budget_district_set,
    budget_results_announce,
    budget_update,
    budgets_of,
    implementations_open,
    progress_update_add,
    project_create,
    project_from_proposal,
    project_merge,
    project_propose,
    project_review,
    project_update,
)


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _budget(request, slug: str, perm: str = "budgets.change_budget") -> Budget:
    budget = get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)
    if not request.user.has_perm(perm, budget):
        raise PermissionDenied
    return budget


def _organisations_of(user):
    if is_admin(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(
        role_grants__user=user, role_grants__role=RoleGrant.Role.OFFICIAL
    ).distinct()


@login_required
def workspace(request):
    """The budgets of the official's organisations, newest first."""
    if not request.user.has_perm("budgets.add_budget"):
        raise PermissionDenied
    return render(
        request, "budgets/workspace.html", {"budgets": list(budgets_of(request.user))}
    )


@login_required
def budget_new(request):
    """Create a budget cycle for one of the official's organisations."""
    if not request.user.has_perm("budgets.add_budget"):
        raise PermissionDenied
    organisations = list(_organisations_of(request.user))
    form = BudgetForm(request.POST or None)
    chosen = request.POST.get("organisation") or (
        str(organisations[0].pk) if organisations else ""
    )
    organisation = next((o for o in organisations if str(o.pk) == chosen), None)
    if request.method == "POST" and form.is_valid():
        if organisation is None:
            form.add_error(None, _("Choose the organisation that runs this budget."))
        else:
            try:
                budget = budget_create(
                    organisation=organisation,
                    by=request.user,
                    **form.service_fields(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            except BudgetError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The budget was created."))
                return HttpResponseRedirect(
                    reverse("budgets:detail", args=[budget.slug])
                )
    return render(
        request,
        "budgets/budget_form.html",
        {"form": form, "organisations": organisations, "chosen": chosen},
    )


@login_required
def budget_edit(request, slug: str):
    budget = _budget(request, slug)
    form = BudgetForm(request.POST or None, instance=Budget.objects.get(pk=budget.pk))
    if request.method == "POST" and form.is_valid():
        try:
            budget = budget_update(
                budget=budget, by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        except BudgetError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The budget was saved."))
            return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))
    return render(request, "budgets/budget_form.html", {"form": form, "budget": budget})


@login_required
def budget_detail(request, slug: str):
    """One budget in the workspace: its phase, areas, projects and next steps."""
    budget = _budget(request, slug)
    projects = list(budget.projects.select_related("area", "merged_into"))
    return render(
        request,
        "budgets/budget_detail.html",
        {
            "budget": budget,
            "phase": budget.phase(),
            "Phase": Phase,
            "districts": list(budget.districts.select_related("area")),
            "district_form": DistrictForm(),
            "projects": projects,
            "feasible_count": sum(
                p.feasibility == Project.Feasibility.FEASIBLE for p in projects
            ),
            "can_edit": request.user.has_perm("budgets.add_project", budget),
            "can_review": request.user.has_perm("budgets.review_project", budget),
            "can_publish": request.user.has_perm("budgets.publish_results", budget),
        },
    )


@login_required
@require_POST
def district_set(request, slug: str):
    budget = _budget(request, slug)
    form = DistrictForm(request.POST)
    if form.is_valid():
        try:
            budget_district_set(
                budget=budget,
                area=form.cleaned_data["area"],
                total=form.cleaned_data["total"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except BudgetError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The area's money was saved."))
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))


@login_required
@require_POST
def district_remove(request, slug: str, pk: int):
    budget = _budget(request, slug)
    district = get_object_or_404(BudgetDistrict, budget=budget, pk=pk)
    try:
        budget_district_remove(district=district, by=request.user)
    except BudgetError as error:
        messages.error(request, error.message)
    return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))


@login_required
def project_new(request, slug: str):
    budget = _budget(request, slug, "budgets.add_project")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project_create(budget=budget, by=request.user, **form.service_fields())
        except ValidationError as error:
            _add_errors(form, error)
        except BudgetError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The project was added."))
            return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))
    return render(
        request, "budgets/project_form.html", {"form": form, "budget": budget}
    )


@login_required
def project_new_from_proposal(request, slug: str):
    """Turn a qualified proposal into a project of this budget, keeping the link."""
    budget = _budget(request, slug, "budgets.add_project")
    form = FromProposalForm(request.POST or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            project_from_proposal(
                budget=budget,
                proposal=form.cleaned_data["proposal"],
                cost=form.cleaned_data["cost"],
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        except BudgetError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The proposal is now a project of this budget.")
            )
            return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))
    return render(
        request,
        "budgets/project_form.html",
        {"form": form, "budget": budget, "from_proposal": True},
    )


@login_required
def project_edit(request, slug: str, pk: int):
    budget = _budget(request, slug, "budgets.add_project")
    project = get_object_or_404(budget.projects, pk=pk)
    form = ProjectForm(request.POST or None, instance=Project.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            project_update(project=project, by=request.user, **form.service_fields())
        except ValidationError as error:
            _add_errors(form, error)
        except BudgetError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The project was saved."))
            return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))
    return render(
        request,
        "budgets/project_form.html",
        {"form": form, "budget": budget, "project": project},
    )


@login_required
def project_review_view(request, slug: str, pk: int):
    """Decide feasibility with a public reason; adjust the cost; merge duplicates."""
    budget = _budget(request, slug, "budgets.review_project")
    project = get_object_or_404(budget.projects, pk=pk)
    form = ReviewForm(
        request.POST if request.POST.get("action") == "review" else None,
        initial={
            "feasibility": project.feasibility
            if project.feasibility != Project.Feasibility.PENDING
            else None,
            "reason": project.feasibility_reason,
            "cost": project.cost,
            "cost_note": project.cost_note,
        },
    )
    merge_form = MergeForm(
        request.POST if request.POST.get("action") == "merge" else None,
        project=project,
    )
    if request.method == "POST" and form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            project_review(
                project=project,
                by=request.user,
                feasibility=data["feasibility"],
                reason=data["reason"],
                cost=data["cost"],
                cost_note=data["cost_note"],
            )
        except BudgetError as error:
            field = {"reason_required": "reason", "cost_note_required": "cost_note"}
            form.add_error(field.get(error.code), error.message)
        else:
            messages.success(request, _("The review was saved."))
            return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))
    if request.method == "POST" and merge_form.is_bound and merge_form.is_valid():
        try:
            project_merge(
                duplicate=project, into=merge_form.cleaned_data["into"], by=request.user
            )
        except BudgetError as error:
            merge_form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The project was merged; its followers were told.")
            )
            return HttpResponseRedirect(reverse("budgets:detail", args=[budget.slug]))
    return render(
        request,
        "budgets/project_review.html",
        {"budget": budget, "project": project, "form": form, "merge_form": merge_form},
    )


def _winners(budget: Budget) -> list[int]:
    """Primary keys of the funded projects under the budget's counting rule."""
    from voting import results as results_service

    external_ids = [
        external_id
        for pot in budget.pots()
        for external_id in results_service.pot_result(
            budget, budget.counting_rule, pot
        )["winners"]
    ]
    return list(
        budget.projects.filter(external_id__in=external_ids).values_list(
            "pk", flat=True
        )
    )


@login_required
def results_publish(request, slug: str):
    """Review the counted outcome, then publish it (audited, followers told)."""
    from voting.services import PublishError, budget_results_publish

    budget = _budget(request, slug)
    can_publish = request.user.has_perm("budgets.publish_results", budget)
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied
        try:
            with transaction.atomic():
                budget = budget_results_publish(budget=budget, by=request.user)
                implementations_open(
                    budget=budget, project_ids=_winners(budget), by=request.user
                )
                budget_results_announce(budget=budget, by=request.user)
        except PublishError:
            messages.error(request, _("The results cannot be published now."))
        else:
            messages.success(request, _("The results are published."))
            return HttpResponseRedirect(reverse("voting:results", args=[budget.slug]))
    return render(
        request,
        "budgets/results_publish.html",
        {"budget": budget, "can_publish": can_publish, "phase": budget.phase()},
    )


@login_required
def idea_new(request, slug: str):
    """A resident sends a project idea during the ideas phase."""
    budget = get_object_or_404(Budget, slug=slug)
    allowed = request.user.has_perm("budgets.propose_project", budget)
    form = IdeaForm(request.POST or None)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied
        if form.is_valid():
            try:
                project = project_propose(
                    budget=budget,
                    by=request.user,
                    name_th=form.cleaned_data["name_th"],
                    description_th=form.cleaned_data["description_th"],
                    cost=form.cleaned_data["cost"],
                    area=form.cleaned_data["area"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            except BudgetError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your idea was sent; officials will review it "
                        "and you will be told of their decision."
                    ),
                )
                return HttpResponseRedirect(project.get_absolute_url())
    return render(
        request,
        "budgets/idea_form.html",
        {"budget": budget, "form": form, "allowed": allowed},
    )


@login_required
def implementation_list(request, slug: str):
    """The funded projects of a budget, each with a link to report progress."""
    budget = _budget(request, slug)
    implementations = Implementation.objects.filter(
        project__budget=budget
    ).select_related("project", "project__area")
    return render(
        request,
        "budgets/implementation_list.html",
        {"budget": budget, "implementations": implementations},
    )


@login_required
def progress_new(request, slug: str, pk: int):
    """Report progress on one funded project (status, %, money, text, photo)."""
    budget = _budget(request, slug)
    implementation = get_object_or_404(
        Implementation.objects.select_related("project"), project__budget=budget, pk=pk
    )
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "date": timezone.localdate(),
            "status": implementation.status,
            "percent": implementation.percent,
            "money_spent": implementation.money_spent,
            "cancel_reason": implementation.cancel_reason,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            progress_update_add(
                implementation=implementation,
                by=request.user,
                date=data["date"],
                text=data["text"],
                status=data["status"],
                percent=data["percent"],
                money_spent=data["money_spent"],
                cancel_reason=data["cancel_reason"],
                photo=data["photo"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except ImplementationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The progress report was published."))
            return HttpResponseRedirect(
                reverse("budgets:implementation_list", args=[budget.slug])
            )
    return render(
        request,
        "budgets/progress_form.html",
        {"budget": budget, "implementation": implementation, "form": form},
    )


def funded_projects(request):
    """Public: funded projects of published cycles with their progress."""
    implementations = (
        Implementation.objects.filter(
            project__budget__results_published_at__isnull=False
        )
        .select_related("project", "project__area", "project__budget")
        .prefetch_related("updates")
        .order_by("-project__budget__results_published_at", "project__position")
    )
    filterset = ImplementationFilter(request.GET or None, queryset=implementations)
    return render(
        request,
        "budgets/funded_projects.html",
        {"filter": filterset, "implementations": filterset.qs},
    )
