"""Listening in print and in the yearly report: a survey's results as a PDF summary (through
core.pdf), and the yearly report's section on how children's and families' views were sought
and used (registered with core.assurance).

The yearly report is public: it shows only published "you said, we did" entries and survey
figures that respect the small-group rule, never a comment."""

from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from core.assurance import ReportSection
from core.pdf import render_pdf
from partnership.models import PartnershipDetails

from .anonymity import enough_to_show
from .models import Response, Survey, YouSaid
from .selectors.results import percent, results_for
from .selectors.surveys import agency_rates, rate_totals

LOG_LIMIT = 40


def render_results_pdf(survey: Survey) -> bytes:
    details = PartnershipDetails.load()
    return render_pdf(
        "engagement/pdf/results.html",
        {
            "survey": survey,
            "results": results_for(survey, comments_shown=10),
            "partnership": details,
            "generated_at": timezone.now(),
            "footer": f"{details.name}: {survey}"[:90],
        },
    )


def views_of_children_and_families(start: date, end: date) -> dict:
    """Surveys that closed in the year (with how many answered and the response rate), what
    children and families told us and what we did (the published entries), and the counts."""
    surveys = list(
        Survey.objects.filter(status=Survey.Status.CLOSED, closes_on__range=(start, end))
        .annotate(answers=Count("responses"))
        .order_by("closes_on", "pk")
    )
    rows = []
    for survey in surveys:
        totals = rate_totals(agency_rates(survey)) if survey.audience == Survey.Audience.PRACTITIONERS else None
        rows.append(
            {
                "survey": survey,
                "answers": survey.answers,
                "shown": enough_to_show(survey.answers),
                "rate": totals["rate"] if totals else None,
            }
        )
    heard = YouSaid.objects.filter(heard_on__range=(start, end))
    sources = dict(YouSaid.Source.choices)
    counts = heard.aggregate(
        heard=Count("pk"),
        children=Count("pk", filter=Q(voice=YouSaid.Voice.CHILDREN)),
        families=Count("pk", filter=Q(voice=YouSaid.Voice.FAMILIES)),
        done=Count("pk", filter=Q(status=YouSaid.Status.DONE)),
    )
    done_in_year = list(
        YouSaid.objects.filter(is_published=True, status=YouSaid.Status.DONE, done_on__range=(start, end))
        .prefetch_related("priorities")
        .order_by("done_on", "pk")[:LOG_LIMIT]
    )
    children_answers = Response.objects.filter(
        survey__in=[s.pk for s in surveys if s.audience == Survey.Audience.CHILDREN]
    ).count()
    return {
        "has_content": bool(surveys or counts["heard"]),
        "surveys": rows,
        "counts": counts,
        "share_done": percent(counts["done"], counts["heard"]),
        "done_in_year": done_in_year,
        "children_answers": children_answers,
        "by_source": [
            (sources.get(source, source), n)
            for source, n in heard.values("source")
            .annotate(n=Count("pk"))
            .order_by("-n", "source")
            .values_list("source", "n")
        ],
    }


REPORT_SECTION = ReportSection(
    key="voice",
    title="What children, young people and families told us, and what we did",
    template="engagement/report/_voice.html",
    order=74,
    requirement="voice",
    context=views_of_children_and_families,
)
