"""The town-hall screen: a full-screen live view of a budget for a projector.

It shows what the public may see (results visibility), never an official's view,
follows the same tally socket as the budget page (``static/js/tally.js`` with
``?public=1``), and carries a QR code to the voting page (segno, inline SVG).
"""

import segno
from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from budgets.models import Budget

from .selectors import tally_filtered, tally_snapshot


def qr_svg(url: str, title: str) -> str:
    """An inline SVG QR code of ``url`` (dark on light, quiet zone included)."""
    code = segno.make(url, error="m")
    return code.svg_inline(scale=8, title=title, dark="#111", light="#fff")


def town_hall_screen(request, slug: str):
    """Large-type live tally (or turnout) with a QR code to the voting page."""
    budget = get_object_or_404(Budget.objects.select_related("organisation"), slug=slug)
    snapshot = tally_snapshot(budget)
    tally = tally_filtered(snapshot, snapshot["public_level"])
    votes = {row["id"]: row["votes"] for row in tally.get("projects", [])}
    top = max(votes.values(), default=0)
    projects = list(budget.projects.on_ballot().select_related("area"))
    rows = [
        {"project": p, "votes": votes.get(p.external_id), "top": top} for p in projects
    ]
    if tally.get("projects"):
        rows.sort(key=lambda row: -(row["votes"] or 0))
    vote_url = settings.SITE_URL + reverse("voting:vote", args=[budget.slug])
    return render(
        request,
        "voting/town_hall_screen.html",
        {
            "budget": budget,
            "tally": tally,
            "rows": rows,
            "phase": budget.phase(),
            "vote_url": vote_url,
            "qr": mark_safe(  # noqa: S308 - segno's own SVG of our URL
                qr_svg(vote_url, _("QR code to the voting page"))
            ),
        },
    )
