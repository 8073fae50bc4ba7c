"""Pages of paper voting: the register, booth entry, voiding, the printed ballot,
and the Thai ID that online voters give once in budgets with a register.

All work without JavaScript. Officials of the budget's organisation only, except
``thai_id_give`` (any signed-in person). In a budget without a register the
officials get a page that says so and how to turn it on, not a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budgets.models import Budget
from budgets.services import EDITABLE_PHASES
from participation.rules import is_official_of
from participation.thai_id import ThaiIdError, user_thai_id_set

from .models import PaperEntry, Resident
from .paper import (
    ballot_numbers,
    booth_subtotals,
    paper_ballot_enter,
    paper_entry_void,
    parse_choices,
)
from .paper_forms import (
    PaperBallotForm,
    RegisterUploadForm,
    ResidentForm,
    ThaiIdForm,
    VoidForm,
)
from .register import (
    RegisterError,
    register_areas,
    register_import_csv,
    resident_add,
    resident_find,
)
from .services import BallotError

#: an upload larger than this is refused before reading (about 200,000 people)
MAX_REGISTER_BYTES = 20 * 1024 * 1024


def _official_budget(request, slug: str) -> Budget:
    """The budget of ``slug``; PermissionDenied unless an official of its body."""
    budget = get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)
    if not is_official_of(request.user, budget.organisation):
        raise PermissionDenied
    return budget


def _register_not_used(request, budget: Budget):
    """Shown to officials on the paper pages of a budget without a register: why
    there is nothing here, and whether the budget form can still turn it on
    (``uses_register`` is locked once voting opens)."""
    return render(
        request,
        "voting/register_not_used.html",
        {
            "budget": budget,
            "can_turn_on": budget.phase() in EDITABLE_PHASES,
            "field_label": Budget._meta.get_field("uses_register").verbose_name,
        },
    )


@login_required
def register_manage(request, slug: str):
    """Upload the register (CSV) or add one person checked at a booth."""
    budget = _official_budget(request, slug)
    if not budget.uses_register:
        return _register_not_used(request, budget)
    areas = list(register_areas(budget).values())
    upload_form = RegisterUploadForm()
    resident_form = ResidentForm(areas=areas)
    report = None
    if request.method == "POST" and request.POST.get("action") == "upload":
        upload_form = RegisterUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            if upload.size > MAX_REGISTER_BYTES:
                upload_form.add_error("file", _("The file is too large."))
            else:
                try:
                    report = register_import_csv(
                        budget=budget, content=upload.read(), by=request.user
                    )
                except RegisterError as error:
                    upload_form.add_error("file", error.message)
    elif request.method == "POST" and request.POST.get("action") == "add":
        resident_form = ResidentForm(request.POST, areas=areas)
        if resident_form.is_valid():
            data = resident_form.cleaned_data
            try:
                resident = resident_add(
                    budget=budget,
                    name=data["name"],
                    thai_id=data["thai_id"],
                    area_code=data["area"],
                    by=request.user,
                )
            except RegisterError as error:
                resident_form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(name)s was added to the register.") % {"name": resident.name},
                )
                return HttpResponseRedirect(
                    reverse("voting:register", args=[budget.slug])
                )
    return render(
        request,
        "voting/register_manage.html",
        {
            "budget": budget,
            "upload_form": upload_form,
            "resident_form": resident_form,
            "report": report,
            "resident_count": Resident.objects.filter(budget=budget).count(),
        },
    )


def _pot_by_key(budget: Budget, key: str):
    for pot in budget.pots():
        if pot.key == key:
            return pot
    return None


def _focus(form: PaperBallotForm) -> None:
    """Put the keyboard focus where the next keystroke belongs (no JavaScript)."""
    if form.is_bound and (form.non_field_errors() or form.errors.get("choices")):
        name = "choices"
    elif form.is_bound and form.errors:
        name = next(iter(form.errors))
    elif form["booth"].value():
        name = "thai_id"
    else:
        name = "booth"
    form.fields[name].widget.attrs["autofocus"] = True


@login_required
def paper_entry(request, slug: str):
    """Type in a stack of paper ballots, one after another, keyboard only.

    After each saved ballot the form comes back empty with the booth kept and the
    focus on the Thai ID field. Shows per-booth subtotals and the latest entries,
    each with a form to void it.
    """
    budget = _official_budget(request, slug)
    if not budget.uses_register:
        return _register_not_used(request, budget)
    pots = budget.pots()
    booth = request.session.get(f"paper-booth-{budget.pk}", "")
    initial = {"booth": booth, "pot": pots[0].key if pots else ""}
    form = PaperBallotForm(initial=initial, pots=pots)
    if request.method == "POST":
        form = PaperBallotForm(request.POST, pots=pots)
        if form.is_valid():
            data = form.cleaned_data
            request.session[f"paper-booth-{budget.pk}"] = data["booth"]
            pot = _pot_by_key(budget, data["pot"])
            resident = resident_find(budget=budget, thai_id=data["thai_id"])
            if resident is None:
                form.add_error("thai_id", BallotError("not_in_register").message)
            else:
                numbered = {
                    number: project.pk
                    for number, project in ballot_numbers(budget, pot)
                }
                try:
                    project_ids, points = parse_choices(data["choices"], numbered)
                    entry = paper_ballot_enter(
                        budget=budget,
                        resident=resident,
                        project_ids=project_ids,
                        points=points,
                        area=pot.area,
                        booth=data["booth"],
                        by=request.user,
                    )
                except BallotError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(
                        request,
                        _("Paper ballot no. %(number)s saved for %(name)s.")
                        % {"number": entry.pk, "name": resident.name},
                    )
                    url = reverse("voting:paper_entry", args=[budget.slug])
                    return HttpResponseRedirect(f"{url}?pot={pot.key}#id_thai_id")
    elif request.GET.get("pot"):
        form = PaperBallotForm(
            initial={**initial, "pot": request.GET["pot"]}, pots=pots
        )
    _focus(form)
    entries = (
        PaperEntry.objects.filter(budget=budget)
        .select_related("resident", "entered_by")
        .order_by("-entered_at", "-pk")[:30]
    )
    return render(
        request,
        "voting/paper_entry.html",
        {
            "budget": budget,
            "form": form,
            "pots": [
                {"pot": pot, "numbers": ballot_numbers(budget, pot)} for pot in pots
            ],
            "subtotals": booth_subtotals(budget),
            "entries": entries,
            "void_form": VoidForm(),
        },
    )


@login_required
@require_POST
def paper_void(request, slug: str, pk: int):
    """Void a mistaken paper entry with a reason (the entry stays, audited)."""
    budget = _official_budget(request, slug)
    if not budget.uses_register:
        raise Http404  # no paper entry to void
    entry = get_object_or_404(PaperEntry, budget=budget, pk=pk)
    form = VoidForm(request.POST)
    reason = request.POST.get("reason", "") if form.is_valid() else ""
    try:
        paper_entry_void(entry=entry, reason=reason, by=request.user)
    except BallotError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Paper ballot no. %(number)s was voided.") % {"number": entry.pk}
        )
    return HttpResponseRedirect(reverse("voting:paper_entry", args=[budget.slug]))


@login_required
def paper_ballot_print(request, slug: str):
    """A printable paper ballot (in Thai) for one pot: numbered projects, costs,
    the rule."""
    budget = _official_budget(request, slug)
    if not budget.uses_register:
        return _register_not_used(request, budget)
    pot = _pot_by_key(budget, request.GET.get("pot") or budget.pots()[0].key)
    if pot is None:
        raise Http404
    with translation.override("th"):
        return render(
            request,
            "voting/paper_ballot_print.html",
            {
                "budget": budget,
                "pot": pot,
                "numbers": ballot_numbers(budget, pot),
                "Rule": Budget.BallotRule,
                "LANGUAGE_CODE": "th",
            },
        )


@login_required
def thai_id_give(request, slug: str):
    """Give one's Thai ID once, to vote online in a budget with a register."""
    budget = get_object_or_404(Budget, slug=slug)
    vote_url = reverse("voting:vote", args=[budget.slug])
    if request.user.thai_id_hmac or not budget.uses_register:
        # nothing to give: online voters of a budget without paper ballots
        # need no Thai ID
        return HttpResponseRedirect(vote_url)
    form = ThaiIdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_thai_id_set(user=request.user, thai_id=form.cleaned_data["thai_id"])
        except ThaiIdError as error:
            form.add_error("thai_id", error.message)
        else:
            messages.success(request, _("Your Thai ID number was checked."))
            return HttpResponseRedirect(vote_url)
    return render(request, "voting/thai_id_form.html", {"budget": budget, "form": form})
