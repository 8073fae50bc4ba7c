"""Signals of comments, for domain apps the core may not import.

``comment_created`` is sent by ``comment_create`` inside its transaction, right
after the comment is saved: ``sender=Comment``, ``comment`` (the new comment),
``target`` (what it is on). A receiver may keep a denormalised count
(``Proposal.comment_count``); it runs inside the same transaction, so a failure
rolls the comment back. Check ``target``'s type first: every target's comments
send it.
"""

from django.dispatch import Signal

comment_created = Signal()
