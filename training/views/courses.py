"""The business unit's programme: courses, their sessions and their results. Executive members
and the scrutineer read them too."""

import copy

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import learning
from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page, post_action

from .. import permissions
from ..forms.courses import CourseFilterForm, CourseForm, SessionForm
from ..selectors import management as selectors
from ..services import courses as services
from . import choice


def course_list(request):
    refuse_unless(permissions.can_view_courses(request.user))
    filters = CourseFilterForm(request.GET or None)
    return render(
        request,
        "training/course_list.html",
        {
            "page": paginate(request, selectors.course_list_for_user(request.user, **filters.values())),
            "filters": filters,
            "can_manage": permissions.manages_training(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def course_create(request):
    refuse_unless(permissions.manages_training(request.user))
    return form_page(
        request,
        CourseForm(request.POST or None),
        title="Add a course or event",
        intro="It stays a draft, unseen by practitioners, until you publish it.",
        submit="Save the draft",
        back_url=reverse("training:course-list"),
        on_valid=lambda data: services.course_save(acting_user=request.user, **data),
        success=lambda course: f"“{course}” is saved as a draft",
        next_url=lambda course: course,
    )


def course_detail(request, pk: int):
    course = selectors.course_get_for_user(request.user, pk)
    user = request.user
    manages = permissions.manages_training(user)
    taken_up = learning.marked(course.learning.select_related("subject_type"), user=user)
    for item in taken_up:
        item.here = next((u.detail for u in item.uptakes if u.key == f"course-{course.pk}"), "")
    return render(
        request,
        "training/course_detail.html",
        {
            "course": course,
            "priorities": list(course.priorities.all()),
            "learning": taken_up,
            "upcoming": list(selectors.course_sessions(course, upcoming=True)),
            "past": paginate(request, selectors.course_sessions(course, upcoming=False), per_page=10),
            "trainers": selectors.active_trainers(course),
            "can_manage": manages,
            "can_publish": manages and not course.is_published,
            "can_retire": manages and course.status != course.Status.RETIRED,
            "can_add_session": manages and course.status != course.Status.RETIRED,
            "can_view_results": permissions.can_view_results(user),
        },
    )


@require_http_methods(["GET", "POST"])
def course_edit(request, pk: int):
    course = selectors.course_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return form_page(
        request,
        CourseForm(request.POST or None, instance=copy.copy(course)),
        title="Change the course",
        caption=course.title,
        intro="A published course changes in the public catalogue as soon as you save.",
        back_url=course.get_absolute_url(),
        on_valid=lambda data: services.course_save(acting_user=request.user, course=course, **data),
        success="Course saved",
        next_url=course,
    )


@require_POST
def course_publish(request, pk: int):
    course = selectors.course_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return post_action(
        request,
        lambda: services.course_publish(acting_user=request.user, course=course),
        success="Published: the course is in the public catalogue and practitioners can book its sessions",
        next_url=course,
    )


@require_POST
def course_retire(request, pk: int):
    course = selectors.course_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return post_action(
        request,
        lambda: services.course_retire(acting_user=request.user, course=course),
        success="The course is out of the programme; its sessions and results stay on record",
        next_url=course,
    )


def course_history(request, pk: int):
    course = selectors.course_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return render_history(request, course, title=f"History of “{course}”", back_url=course.get_absolute_url())


def course_results(request, pk: int):
    course = selectors.course_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_results(request.user))
    results = selectors.results(course.sessions.all())
    # The table lists the delivered sessions, which the figures have already counted.
    page = paginate(request, selectors.session_results(course), per_page=10, count=results.sessions_delivered)
    return render(request, "training/course_results.html", {"course": course, "results": results, "page": page})


def course_answers(request, pk: int):
    """What people wrote: straight after the session, or three months later."""
    course = selectors.course_get_for_user(request.user, pk)
    refuse_unless(permissions.can_view_results(request.user))
    show = choice(request, "show", ("evaluations", "follow_ups"), "evaluations")
    answers = selectors.follow_up_answers(course) if show == "follow_ups" else selectors.evaluation_answers(course)
    return render(
        request,
        "training/course_answers.html",
        {"course": course, "page": paginate(request, answers, per_page=20), "show": show},
    )


@require_http_methods(["GET", "POST"])
def session_create(request, pk: int):
    course = selectors.course_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return form_page(
        request,
        SessionForm(request.POST or None, course=course),
        title="Add a session",
        caption=course.title,
        intro="" if course.is_published else "The course is a draft: nobody can book until you publish it.",
        submit="Add the session",
        back_url=course.get_absolute_url(),
        on_valid=lambda data: services.session_save(acting_user=request.user, course=course, **data),
        success=lambda session: f"Session on {session.date:%-d %B %Y} added",
        next_url=lambda session: session,
    )
