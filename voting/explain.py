"""Plain-language sentences that explain why a project won or lost.

The facts come from ``voting.counting`` (see ``count`` for the keys); this module
only turns them into one or two sentences a citizen understands, in the active
language, with money formatted as GLOSSARY.md says.
"""

from decimal import Decimal

from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from participation.thai import format_money

MAX_NAMES = 3


def _money(entry: dict, key: str, currency: str) -> str:
    """``entry[key + "_display"]`` (or ``entry[key]``) as money in running text."""
    raw = entry.get(f"{key}_display", entry.get(key, 0))
    if isinstance(raw, str) and "/" in raw:
        numerator, denominator = raw.split("/")
        raw = Decimal(numerator) / Decimal(denominator)
    return format_money(Decimal(str(raw)), currency, translation.get_language() or "th")


def _names(ids: list[str], names: dict[str, str]) -> str:
    """A short list of project names: the first three, then "and N more"."""
    shown = [f"“{names.get(pid, pid)}”" for pid in ids[:MAX_NAMES]]
    text = ", ".join(shown)
    if len(ids) > MAX_NAMES:
        more = len(ids) - MAX_NAMES
        text = format_lazy(
            "{} {}",
            text,
            ngettext("and %(n)s other project", "and %(n)s other projects", more)
            % {"n": more},
        )
    return str(text)


def explain_project(
    *, budget, rule: str, explanation: dict, names: dict[str, str]
) -> str:
    """One or two sentences for citizens from a counting explanation.

    ``names`` maps project ids to display names; unknown shapes give "".
    """
    status = explanation.get("status")
    if status not in {"won", "lost"}:
        return ""
    currency = budget.currency
    votes = explanation.get("votes", 0)
    if rule == "greedy":
        return _explain_greedy(explanation, names, currency, votes, rule)
    if explanation.get("stage") == "greedy_fill":
        filled = _explain_greedy(explanation, names, currency, votes, rule)
        if status == "lost" and explanation.get("reason") == "unaffordable":
            # why the equal shares did not fund it, then why the leftover did not
            leftover = _(
                "The money left after the equal shares (%(remaining)s) was less "
                "than its cost too."
            ) % {"remaining": _money(explanation, "remaining", currency)}
            return f"{_explain_mes(explanation, names, currency, votes)} {leftover}"
        return filled
    return _explain_mes(explanation, names, currency, votes)


def _explain_greedy(entry, names, currency, votes, rule) -> str:
    filled = entry.get("stage") == "greedy_fill"
    if entry["status"] == "won":
        if filled:
            return _(
                "Funded from the money left after the equal shares, which goes to "
                "the remaining projects in order of votes."
            )
        return ngettext(
            "Funded: with %(votes)s vote it came in place %(rank)s, and the money "
            "left at its turn (%(remaining)s) covered its cost.",
            "Funded: with %(votes)s votes it came in place %(rank)s, and the money "
            "left at its turn (%(remaining)s) covered its cost.",
            votes,
        ) % {
            "votes": f"{votes:,}",
            "rank": entry.get("rank", "?"),
            "remaining": _money(entry, "remaining_before", currency),
        }
    if not votes and not filled:
        return _("Not funded: nobody voted for it.")
    taken_by = entry.get("taken_by") or []
    values = {
        "remaining": _money(entry, "remaining", currency),
        "cost": _money(entry, "cost", currency),
        "projects": _names(taken_by, names),
    }
    if filled:
        return (
            _(
                "Not funded: after the equal shares, the money left (%(remaining)s) "
                "was less than its cost (%(cost)s)."
            )
            % values
        )
    if taken_by:
        return (
            _(
                "Not funded: when its turn came only %(remaining)s was left, less "
                "than its cost (%(cost)s). Projects with more votes had taken the "
                "money: %(projects)s."
            )
            % values
        )
    return _("Not funded: it costs more than the whole budget.")


def _explain_mes(entry, names, currency, votes) -> str:
    if entry["status"] == "won":
        payments = entry.get("payments") or []
        values = {
            "round": entry.get("round", "?"),
            "supporters": f"{votes:,}",
            "cost": _money(entry, "cost", currency),
            "rho": _money(entry, "rho", currency),
        }
        text = (
            ngettext(
                "Funded in round %(round)s: its %(supporters)s supporter paid its "
                "cost of %(cost)s, at most %(rho)s.",
                "Funded in round %(round)s: its %(supporters)s supporters shared its "
                "cost of %(cost)s, each paying at most %(rho)s.",
                votes,
            )
            % values
        )
        if len(payments) > 1:
            text += " " + _("Some paid less because they had less of their share left.")
        return text
    reason = entry.get("reason")
    if reason in ("no_votes",):
        return _("Not funded: nobody voted for it.")
    if reason == "zero_cost":
        return _("Not funded: it costs nothing, and equal shares only pay for costs.")
    values = {
        "supporters": f"{votes:,}",
        "money": _money(entry, "supporters_money", currency),
        "shortfall": _money(entry, "shortfall", currency),
        "more": f"{entry.get('more_supporters_needed') or 0:,}",
    }
    text = (
        ngettext(
            "Not funded: its %(supporters)s supporter had %(money)s left of their "
            "equal share, %(shortfall)s short of its cost.",
            "Not funded: its %(supporters)s supporters had %(money)s left of their "
            "equal shares together, %(shortfall)s short of its cost.",
            votes,
        )
        % values
    )
    lost_to = entry.get("lost_money_to")
    if lost_to:
        text += " " + _("Most of their money went to “%(project)s”.") % {
            "project": names.get(lost_to, lost_to)
        }
    text += " " + (
        ngettext(
            "To be funded it would have had to cost %(shortfall)s less, or to have "
            "about %(more)s more supporter.",
            "To be funded it would have had to cost %(shortfall)s less, or to have "
            "about %(more)s more supporters.",
            int(entry.get("more_supporters_needed") or 0),
        )
        % values
    )
    return text
