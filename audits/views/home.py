from django.shortcuts import render

from core import calendar
from core.services import refuse_unless

from .. import permissions
from ..selectors import cycles as cycle_reads
from ..selectors import mywork as mywork_reads


def audits_home(request):
    """What the person has to do in audits, and where the rest is."""
    user = request.user
    refuse_unless(permissions.can_view_audits(user))
    today = calendar.today()
    mine = list(mywork_reads.my_submissions(user)[:20])
    for submission in mine:
        submission.late = submission.is_editable and submission.is_late(today)
    return render(
        request,
        "audits/home.html",
        {
            "my_submissions": mine,
            "to_moderate": list(mywork_reads.submissions_to_moderate(user)[:20]),
            "cycles": list(cycle_reads.cycle_list_for_user(user)[:5]),
            "case_returns": mywork_reads.my_case_returns(user)[:20],
            "can_manage": permissions.can_manage_cycles(user),
            "reads_reports": permissions.reads_reports(user),
        },
    )
