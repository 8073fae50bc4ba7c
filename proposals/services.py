"""Writes of the proposals app: submissions, status changes with answers, supports.

Status rules (one mapping, ``TRANSITIONS``): an idea goes draft → published →
(qualified, when supports reach the organisation's threshold) → under review →
accepted / rejected → implemented; a problem report goes received → in progress
→ resolved. Every change after submission is made by an official of the
proposal's organisation with a public answer, and leaves a timeline entry.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.images import PhotoError, clean_photo
from participation.models import Area, Organisation, User
from participation.notifications import follow
from participation.rules import is_official_of
from participation.sanitize import clean_html, plain_text, visible_text
from participation.services import audit_log
from participation.thai import BUDDHIST_ERA_OFFSET, normalize_text, to_arabic_digits

from .models import (
    Category,
    Proposal,
    ProposalSettings,
    StatusChange,
    Support,
    TrackingCounter,
)

S = Proposal.Status

#: status -> statuses an official may move it to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PUBLISHED: (S.UNDER_REVIEW, S.REJECTED),
    S.QUALIFIED: (S.UNDER_REVIEW, S.REJECTED),
    S.UNDER_REVIEW: (S.ACCEPTED, S.REJECTED),
    S.ACCEPTED: (S.IMPLEMENTED,),
    S.REJECTED: (),
    S.IMPLEMENTED: (),
    S.RECEIVED: (S.IN_PROGRESS, S.RESOLVED, S.REJECTED),
    S.IN_PROGRESS: (S.RESOLVED, S.REJECTED),
    S.RESOLVED: (S.IN_PROGRESS,),  # reopened when the problem comes back
    S.DRAFT: (),
}

PROPOSAL_ERROR_MESSAGES = {
    "not_allowed": _("You may not do this."),
    "bad_transition": _("This status change is not possible from the current status."),
    "answer_required": _("Write the official answer that explains this change."),
    "not_verified": _("Verify your e-mail address first."),
    "not_open_for_support": _("This proposal does not collect supports now."),
    "own_proposal": _("You cannot support your own proposal."),
    "too_big": _("The photo is larger than 10 MB."),
    "not_an_image": _("The file is not a photo (JPEG, PNG or WebP)."),
    "empty": _("Write a title and the details."),
}


class ProposalError(Exception):
    """A refused action; ``code`` is stable, ``message`` is translated."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(PROPOSAL_ERROR_MESSAGES[self.code])


def _next_tracking_number(now) -> str:
    """``RK-<B.E. year>-<6 digits>``, counted per Thai year under a row lock."""
    year_be = timezone.localtime(now).year + BUDDHIST_ERA_OFFSET
    TrackingCounter.objects.get_or_create(year_be=year_be)
    counter = TrackingCounter.objects.select_for_update().get(year_be=year_be)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"RK-{year_be}-{counter.last:06d}"


def _timeline(proposal, *, to_status, answer="", by=None, official=False, now=None):
    return StatusChange.objects.create(
        proposal=proposal,
        from_status=proposal.status if proposal.pk else "",
        to_status=to_status,
        answer=answer,
        changed_by=by,
        by_official=official,
        created_at=now or timezone.now(),
    )


def settings_for(organisation: Organisation) -> ProposalSettings:
    """The organisation's proposal settings (defaults created on first use)."""
    found, _ = ProposalSettings.objects.get_or_create(organisation=organisation)
    return found


@transaction.atomic
def proposal_submit(
    *,
    author: User | None,
    organisation: Organisation,
    kind: str,
    title: str,
    body: str,
    category: Category | None = None,
    area: Area | None = None,
    photo=None,
    share_location: bool = False,
    publish: bool = True,
    channel: str = Proposal.Channel.ONLINE,
    registered_by: User | None = None,
    submitter_name: str = "",
    submitter_contact: str = "",
) -> Proposal:
    """Create a proposal or problem report; return it with its tracking number.

    Ideas start published (or draft with ``publish=False``); reports start
    received. ``body`` is sanitized HTML; ``photo`` (an upload) is resized and
    stripped of metadata, its GPS point kept only when ``share_location``.
    Offline submissions (``channel`` paper/phone/counter) are registered by an
    official of ``organisation`` (``registered_by``) with the person's name and
    contact kept private; they are audited. Raises ``ProposalError``.
    """
    title = plain_text(title).strip()
    body_html = clean_html(body).strip()
    if not title or not visible_text(body_html):
        raise ProposalError("empty")
    if channel != Proposal.Channel.ONLINE:
        if registered_by is None or not is_official_of(registered_by, organisation):
            raise ProposalError("not_allowed")
    elif author is None or author.verification_level < User.Verification.EMAIL:
        raise ProposalError("not_verified")
    now = timezone.now()
    if kind == Proposal.Kind.REPORT:
        status = S.RECEIVED
    else:
        status = S.PUBLISHED if publish else S.DRAFT
    proposal = Proposal(
        kind=kind,
        organisation=organisation,
        title=title,
        body_html=body_html,
        category=category,
        area=area,
        author=author,
        status=status,
        channel=channel,
        registered_by=registered_by,
        submitter_name=submitter_name,
        submitter_contact=submitter_contact,
        created_at=now,
        search_text=normalize_text(
            to_arabic_digits(f"{title}\n{visible_text(body_html)}")
        ).casefold(),
    )
    if photo:
        try:
            cleaned = clean_photo(photo)
        except PhotoError as error:
            raise ProposalError(error.code) from error
        proposal.photo.save(cleaned.content.name, cleaned.content, save=False)
        if share_location:
            proposal.latitude, proposal.longitude = cleaned.latitude, cleaned.longitude
    if status != S.DRAFT:
        _mark_submitted(proposal, now)
    proposal.tracking_number = _next_tracking_number(now)
    try:
        proposal.full_clean(exclude=["photo"])
    except ValidationError as error:
        raise ProposalError("empty") from error
    proposal.save()
    if status != S.DRAFT:
        _timeline(proposal, to_status=status, by=registered_by or author, now=now)
    if author is not None:
        follow(user=author, target=proposal)  # the author hears of every answer
    if channel != Proposal.Channel.ONLINE:
        audit_log(
            actor=registered_by,
            action="proposal.registered_offline",
            target=proposal,
            data={"channel": channel, "tracking_number": proposal.tracking_number},
        )
    return proposal


def _mark_submitted(proposal: Proposal, now) -> None:
    proposal.submitted_at = now
    if proposal.kind == Proposal.Kind.IDEA:
        days = settings_for(proposal.organisation).support_days
        proposal.supports_close_at = now + timedelta(days=days)


@transaction.atomic
def proposal_publish(*, proposal: Proposal, user: User) -> Proposal:
    """The author publishes their draft idea. Raises ``ProposalError``."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.author_id != user.pk:
        raise ProposalError("not_allowed")
    if proposal.status != S.DRAFT:
        raise ProposalError("bad_transition")
    now = timezone.now()
    _mark_submitted(proposal, now)
    _timeline(proposal, to_status=S.PUBLISHED, by=user, now=now)
    proposal.status = S.PUBLISHED
    proposal.save(update_fields=["status", "submitted_at", "supports_close_at"])
    return proposal


def allowed_transitions(*, proposal: Proposal, user) -> tuple[str, ...]:
    """The statuses ``user`` may move ``proposal`` to (empty for non-officials)."""
    if not is_official_of(user, proposal.organisation):
        return ()
    return TRANSITIONS.get(proposal.status, ())


@transaction.atomic
def proposal_change_status(
    *, proposal: Proposal, official: User, to_status: str, answer: str
) -> StatusChange:
    """An official moves ``proposal`` on with a public answer; return the entry.

    Raises ``ProposalError``: ``not_allowed`` (not an official of the proposal's
    organisation), ``bad_transition``, ``answer_required``. Audited; followers are
    told after commit.
    """
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not is_official_of(official, proposal.organisation):
        raise ProposalError("not_allowed")
    if to_status not in TRANSITIONS.get(proposal.status, ()):
        raise ProposalError("bad_transition")
    answer = plain_text(answer).strip()
    if not answer:
        raise ProposalError("answer_required")
    now = timezone.now()
    change = _timeline(
        proposal,
        to_status=to_status,
        answer=answer,
        by=official,
        official=True,
        now=now,
    )
    previous = proposal.status
    proposal.status = to_status
    if proposal.answered_at is None:
        proposal.answered_at = now
    proposal.save(update_fields=["status", "answered_at"])
    audit_log(
        actor=official,
        action="proposal.status_changed",
        target=proposal,
        data={"from": previous, "to": to_status},
    )
    transaction.on_commit(lambda: _tell_followers(proposal.pk, change.pk))
    return change


def _tell_followers(proposal_id: int, change_id: int) -> None:
    """Notify the proposal's followers of a status change (after commit)."""
    from .notifications import status_changed

    status_changed(proposal_id=proposal_id, change_id=change_id)


@transaction.atomic
def support_add(*, proposal: Proposal, user: User) -> Support:
    """``user`` supports ``proposal``; qualifies it at the organisation's threshold.

    One support per verified person (a database constraint); supporting twice
    returns the existing support. Raises ``ProposalError``.
    """
    if not user.is_authenticated or user.verification_level < User.Verification.EMAIL:
        raise ProposalError("not_verified")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.author_id == user.pk:
        raise ProposalError("own_proposal")
    if not proposal.is_open_for_support:
        raise ProposalError("not_open_for_support")
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, user=user)
    except IntegrityError:
        return Support.objects.get(proposal=proposal, user=user)
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    proposal.refresh_from_db(fields=["support_count"])
    threshold = settings_for(proposal.organisation).support_threshold
    if proposal.status == S.PUBLISHED and proposal.support_count >= threshold:
        _timeline(proposal, to_status=S.QUALIFIED)
        proposal.status = S.QUALIFIED
        proposal.save(update_fields=["status"])
    return support


@transaction.atomic
def support_withdraw(*, proposal: Proposal, user: User) -> None:
    """``user`` withdraws their support while the proposal still collects them."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_open_for_support:
        raise ProposalError("not_open_for_support")
    deleted, _ = Support.objects.filter(proposal=proposal, user=user).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(
            support_count=F("support_count") - 1
        )


def comment_counted(sender, *, comment, target, **kwargs) -> None:
    """Keep ``Proposal.comment_count`` (the "most discussed" sort) up to date.

    Connected to ``participation.comments.signals.comment_created``, which breaks
    the import cycle: the core does not know about proposals.
    """
    if isinstance(target, Proposal):
        Proposal.objects.filter(pk=target.pk).update(
            comment_count=F("comment_count") + 1
        )
