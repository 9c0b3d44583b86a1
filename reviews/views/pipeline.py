"""The reviews home: the pipeline of open cases and reviews on the statutory clock, and the
compliance figures per year."""

from django.shortcuts import render

from core import calendar
from core.services import refuse_unless

from .. import permissions
from ..selectors import mywork as mywork_reads
from ..selectors import pipeline as pipeline_reads


def pipeline(request):
    """Those who oversee reviews see every open case and review with its next deadline and
    the compliance figures; everyone else in the partnership sees what is theirs (panels,
    return requests) and how to refer a case."""
    user = request.user
    refuse_unless(permissions.can_use_reviews(user))
    today = calendar.today()
    oversees = permissions.can_view_pipeline(user)
    return render(
        request,
        "reviews/pipeline.html",
        {
            "oversees": oversees,
            "pipeline": pipeline_reads.pipeline(today) if oversees else None,
            "compliance": pipeline_reads.compliance_by_year(today) if oversees else [],
            "my_rapid_reviews": mywork_reads.my_rapid_reviews(user),
            "my_practice_reviews": mywork_reads.my_practice_reviews(user),
            "returns_owed": mywork_reads.returns_owed(user),
            "can_record": permissions.can_record_incident(user),
            "can_refer": permissions.can_refer(user),
            "manages": permissions.manages_reviews(user),
            "can_view_reviewers": permissions.can_view_reviewers(user),
            "today": today,
        },
    )
