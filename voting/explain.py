"""Plain-language sentences that explain why a project won or lost."""

from django.utils.translation import gettext as _


def explain_project(
    *, budget, rule: str, explanation: dict, names: dict[str, str]
) -> str:
    """One sentence for citizens from a counting explanation (``voting.counting``).

    ``names`` maps project ids to display names. Unknown shapes give "".
    """
    status = explanation.get("status")
    if status == "won":
        return _("Funded.")
    if status == "lost":
        return _("Not funded.")
    return ""
