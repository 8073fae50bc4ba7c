"""Pages of consultations: the draft and its comments, the questionnaire, hearing
sessions with their live room and projector view, and the hearing report.

Every page works without JavaScript; ``static/js/room.js`` makes the room live.
"""
