"""Telling followers what happened to a proposal (after commit)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Proposal, StatusChange


def status_changed(*, proposal_id: int, change_id: int) -> None:
    """Notify the followers of a proposal (its author included) of a status change.

    Each text is rendered in the recipient's language by ``notify_followers``.
    """
    from participation.notifications import notify_followers

    proposal = Proposal.objects.get(pk=proposal_id)
    change = StatusChange.objects.get(pk=change_id)

    def text(language: str) -> str:
        return _(
            "%(number)s “%(title)s” is now: %(status)s. Official answer: %(answer)s"
        ) % {
            "number": proposal.tracking_number,
            "title": proposal.title,
            "status": change.get_to_status_display(),
            "answer": change.answer,
        }

    notify_followers(
        target=proposal,
        verb="proposal.status_changed",
        url=reverse("proposals:detail", args=[proposal.tracking_number]),
        text=text,
        exclude=change.changed_by,
        also_followers_of=[proposal.area] if proposal.area else (),
    )
