"""Writes of the consultations app (one module per subdomain)."""

from .consultations import (
    TRANSITIONS,
    allowed_transitions,
    consultation_change_status,
    consultation_create,
    consultation_update,
    section_save,
)
from .errors import ConsultationError
from .questionnaires import csv_safe, question_save, response_submit, responses_csv
from .reports import report_issue_add, report_save
from .rooms import (
    can_moderate_room,
    join_attempt_allowed,
    member_participant,
    new_walkin_participant,
    normalise_code,
    poll_save,
    poll_set_status,
    poll_vote,
    room_question_ask,
    room_question_moderate,
    room_question_upvote,
    room_set_open,
    session_register,
    session_save,
    session_unregister,
)

__all__ = [
    "TRANSITIONS",
    "ConsultationError",
    "allowed_transitions",
    "can_moderate_room",
    "consultation_change_status",
    "consultation_create",
    "consultation_update",
    "csv_safe",
    "join_attempt_allowed",
    "member_participant",
    "new_walkin_participant",
    "normalise_code",
    "poll_save",
    "poll_set_status",
    "poll_vote",
    "question_save",
    "report_issue_add",
    "report_save",
    "response_submit",
    "responses_csv",
    "room_question_ask",
    "room_question_moderate",
    "room_question_upvote",
    "room_set_open",
    "section_save",
    "session_register",
    "session_save",
    "session_unregister",
]
