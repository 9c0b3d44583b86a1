"""What a review's action plan answers, shown on the plan to everyone who may see the plan.

A recommendation's plan carries the finding and the recommendation in full (they are written
for publication, and the chair approving the plan must read them), the review's title and,
once published, the 7-minute briefing. It links to the review only for readers who may open
it. A rapid review's immediate safety actions name the case by reference only: what happened
to the child stays with the panel.
"""

from core import links
from subgroups import plan_sources

from .models import Briefing, RapidReview, Recommendation


def describe_recommendation(user, recommendation: Recommendation) -> plan_sources.Answers:
    review = recommendation.review
    passages = []
    if recommendation.finding is not None:
        passages.append(plan_sources.Passage(f"Finding {recommendation.finding.number}", recommendation.finding.text))
    passages.append(plan_sources.Passage(f"Recommendation {recommendation.number}", recommendation.text))
    briefings = Briefing.objects.filter(practice_review=review, status=Briefing.Status.PUBLISHED).order_by("pk")
    return plan_sources.Answers(
        label=f"Recommendation {recommendation.number} of practice review {review.reference}: {review.title}",
        url=links.url_for(user, recommendation),
        passages=passages,
        related=[(f"Learning briefing: {b.title}", b.get_public_url()) for b in briefings if b.slug],
    )


def describe_rapid_review(user, rapid_review: RapidReview) -> plan_sources.Answers:
    return plan_sources.Answers(label=str(rapid_review), url=links.url_for(user, rapid_review))


def register() -> None:
    plan_sources.register(Recommendation, describe_recommendation)
    plan_sources.register(RapidReview, describe_rapid_review)
