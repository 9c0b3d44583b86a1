from .cases import (
    AgencyReturn,
    PanelMeeting,
    RapidReview,
    RapidReviewGroupObjectPermission,
    RapidReviewUserObjectPermission,
    SeriousIncident,
)
from .learning import Briefing, Dissemination, LearningTheme
from .practice import (
    ConflictOfInterest,
    Finding,
    Milestone,
    PracticeReview,
    PracticeReviewGroupObjectPermission,
    PracticeReviewUserObjectPermission,
    Recommendation,
    Reviewer,
    ReviewPause,
)

__all__ = [
    "AgencyReturn",
    "Briefing",
    "ConflictOfInterest",
    "Dissemination",
    "Finding",
    "LearningTheme",
    "Milestone",
    "PanelMeeting",
    "PracticeReview",
    "PracticeReviewGroupObjectPermission",
    "PracticeReviewUserObjectPermission",
    "RapidReview",
    "RapidReviewGroupObjectPermission",
    "RapidReviewUserObjectPermission",
    "Recommendation",
    "Reviewer",
    "ReviewPause",
    "SeriousIncident",
]
