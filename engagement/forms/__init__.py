"""Forms for listening: input shape and GOV.UK messages; the rules that need the database are
in the services."""

from .responses import ResponseForm, SessionForm
from .surveys import (
    FacilitatorsForm,
    InviteAgenciesForm,
    ModerationForm,
    QuestionForm,
    RerunForm,
    SectionForm,
    StaffNumbersForm,
    SurveyForm,
)
from .voices import AssignForm, PublishForm, RespondForm, ReviewForm, YouSaidFilterForm, YouSaidForm

__all__ = [
    "AssignForm",
    "FacilitatorsForm",
    "InviteAgenciesForm",
    "ModerationForm",
    "PublishForm",
    "QuestionForm",
    "RerunForm",
    "RespondForm",
    "ResponseForm",
    "ReviewForm",
    "SectionForm",
    "SessionForm",
    "StaffNumbersForm",
    "SurveyForm",
    "YouSaidFilterForm",
    "YouSaidForm",
]
