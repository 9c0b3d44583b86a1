from .responses import AgeGroup, Answer, Moderation, PractitionerRole, Response
from .surveys import Choice, ForumSession, InvitedAgency, Question, RateReminder, Section, Survey
from .voices import YouSaid

__all__ = [
    "AgeGroup",
    "Answer",
    "Choice",
    "ForumSession",
    "InvitedAgency",
    "Moderation",
    "PractitionerRole",
    "Question",
    "RateReminder",
    "Response",
    "Section",
    "Survey",
    "YouSaid",
]
