"""Permission predicates of consultations (the ``rules`` package).

Officials of the organiser create, edit, open and close a consultation, run its
hearing sessions and write its report; moderators (and those officials) moderate
a hearing room; verified people comment and answer the questionnaire.
"""

import rules

from participation.rules import has_verified_email, is_moderator, is_official_of

from .models import Consultation


def _consultation_of(target) -> Consultation | None:
    """The consultation of a consultation, section, session, poll or room question."""
    if target is None or isinstance(target, Consultation):
        return target
    if hasattr(target, "consultation"):
        return target.consultation
    if hasattr(target, "session"):
        return target.session.consultation
    return None


@rules.predicate
def is_organiser(user, target) -> bool:
    """An official of the consultation's organisation (admins count)."""
    consultation = _consultation_of(target)
    if consultation is None:
        return False
    return is_official_of(user, consultation.organisation)


@rules.predicate
def is_accepting(user, consultation) -> bool:
    return consultation is not None and consultation.is_accepting()


rules.add_perm("consultations.change_consultation", is_organiser)
rules.add_perm("consultations.moderate_room", is_organiser | is_moderator)
rules.add_perm("consultations.run_polls", is_organiser)
rules.add_perm("consultations.add_response", has_verified_email & is_accepting)
rules.add_perm("consultations.export_responses", is_organiser)
