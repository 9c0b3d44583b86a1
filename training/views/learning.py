"""Learning from reviews marked "training to change", and the courses that took it up."""

from django.shortcuts import render

from core import learning
from core.pagination import paginate
from core.services import refuse_unless

from .. import permissions


def learning_list(request):
    refuse_unless(permissions.can_view_courses(request.user))
    page = paginate(request, learning.marks_of())
    return render(
        request,
        "training/learning_list.html",
        {
            "page": page,
            "items": learning.marked(page.object_list, user=request.user),
            "can_manage": permissions.manages_training(request.user),
        },
    )
