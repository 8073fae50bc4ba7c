"""The one error type of consultation services, with stable codes."""

from django.utils.translation import gettext_lazy as _

CONSULTATION_ERROR_MESSAGES = {
    "not_allowed": _("You may not do this."),
    "bad_transition": _("This status change is not possible from the current status."),
    "no_sections": _("Add at least one section of the draft before opening."),
    "bad_dates": _("The closing date must be after the opening date."),
    "bad_session_times": _(
        "The session must end after it starts. For a session that runs past "
        "midnight, give the next day's date for its end."
    ),
    "not_open": _("This consultation is not open for views now."),
    "not_verified": _("Verify your e-mail address first."),
    "required": _("Answer the required questions."),
    "bad_answer": _("One of the answers is not a valid choice."),
    "duplicate_number": _("A section with this number already exists."),
    "empty": _("Fill in the required text."),
    "room_closed": _("The room is not taking questions now."),
    "too_fast": _("You are asking too quickly. Please wait a minute."),
    "too_long": _("A question can be at most %(max)s characters long."),
    "not_a_participant": _("Join the room first."),
    "reason_required": _("Give a reason."),
    "poll_not_open": _("This poll is not open."),
    "full": _("This session is full."),
    "no_registration": _("This session does not take registrations."),
    "not_closed": _("Close the consultation before publishing its report."),
    "no_report": _("Write the report before publishing it."),
}


class ConsultationError(Exception):
    """A refused action; ``code`` is stable, ``message`` is translated."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(CONSULTATION_ERROR_MESSAGES[self.code])
        return text % self.params if self.params else text
