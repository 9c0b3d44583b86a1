"""The challenge log: list, raise (from a meeting, its minutes, a spotlight, a scrutiny activity
or anywhere), answer, close, escalate."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core import calendar, links
from core.history import render_history
from core.pagination import paginate
from core.selectors import latest_deadline_for
from core.services import refuse_unless
from core.views.form_pages import form_page
from subgroups.models import MinuteEntry

from .. import permissions
from ..forms.challenges import (
    ChallengeAnswerForm,
    ChallengeCloseForm,
    ChallengeEditForm,
    ChallengeEscalateForm,
    ChallengeRaiseForm,
)
from ..models import Challenge
from ..selectors import challenges as selectors
from ..services import challenges as services


def _require_user(request) -> None:
    refuse_unless(permissions.can_use_assurance(request.user))


def challenge_list(request):
    _require_user(request)
    today = calendar.today()
    status = request.GET.get("status", "")
    overdue = request.GET.get("overdue") == "1"
    challenges = selectors.challenge_list_for_user(request.user, status=status, overdue=overdue, today=today)
    page = paginate(request, challenges)
    page.object_list = _with_meeting_urls(selectors.with_status(page.object_list, today))
    can_raise = permissions.can_raise_challenge(request.user)
    return render(
        request,
        "scrutiny/challenge_list.html",
        {
            "page": page,
            "caption": _count(page.paginator.count, "challenge"),
            "status": status,
            "overdue": overdue,
            "statuses": Challenge.Status.choices,
            "can_raise": can_raise,
            "minuted_count": selectors.minuted_challenges_for_user(request.user).count() if can_raise else 0,
            "meetings": selectors.recent_meetings(request.user, today),
        },
    )


def _with_meeting_urls(challenges: list) -> list:
    """Link a challenge's meeting only for readers who may see that meeting (an agency asked a
    question at a board it does not sit on sees the challenge, not the meeting): the selector
    says which they may see."""
    for challenge in challenges:
        challenge.meeting_url = (
            reverse("scrutiny:challenge-meeting", args=[challenge.meeting_id])
            if challenge.meeting_id and challenge.meeting_visible
            else ""
        )
    return challenges


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def minuted_challenges(request):
    """Challenges the minutes record that are not in the log yet."""
    _require_user(request)
    return render(
        request,
        "scrutiny/challenge_minuted.html",
        {
            "page": paginate(request, selectors.minuted_challenges_for_user(request.user)),
            "can_raise": permissions.can_raise_challenge(request.user),
        },
    )


def meeting_challenges(request, pk: int):
    """One meeting's challenges: those logged, those minuted but not logged, and a way to log more."""
    _require_user(request)
    meeting = selectors.meeting_for_challenges(request.user, pk)
    return render(
        request,
        "scrutiny/challenge_meeting.html",
        {
            "meeting": meeting,
            "challenges": _with_meeting_urls(
                selectors.with_status(selectors.meeting_challenges(request.user, meeting), calendar.today())
            ),
            "entries": list(selectors.minuted_challenges_for_user(request.user, meeting=meeting)),
            "can_raise": permissions.can_raise_in_meeting(request.user, meeting),
        },
    )


def _number(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _raise_context(request) -> dict:
    """Where the challenge is being raised, from the address: a minute entry, a meeting, a
    spotlight or a scrutiny activity. Each must be one the person may see."""
    user, found = request.user, {}
    if (entry_id := _number(request, "entry")) is not None:
        entry = selectors.minuted_challenge_get_for_user(user, entry_id)
        found["entry"], found["meeting"] = entry, entry.meeting
    elif (meeting_id := _number(request, "meeting")) is not None:
        found["meeting"] = selectors.meeting_for_challenges(user, meeting_id)
    elif (spotlight_id := _number(request, "spotlight")) is not None:
        found["spotlight"] = selectors.spotlight_for_challenge(user, spotlight_id)
    elif (activity_id := _number(request, "activity")) is not None:
        found["activity"] = selectors.activity_for_challenge(user, activity_id)
    return found


def _initial_from_entry(entry: MinuteEntry) -> dict:
    """The minutes say who it was asked of in words: match an organisation or group by name."""
    initial = {"question": entry.text, "raised_by": entry.raised_by_id}
    name = entry.directed_to.strip()
    if name:
        initial["directed_to_organisation"], initial["directed_to_group"] = selectors.directed_to_named(name)
    return initial


def _back_url(found: dict) -> str:
    if "meeting" in found:
        return reverse("scrutiny:challenge-meeting", args=[found["meeting"].pk])
    if "spotlight" in found:
        return found["spotlight"].get_absolute_url()
    if "activity" in found:
        return found["activity"].get_absolute_url()
    return reverse("scrutiny:challenge-list")


def _caption(found: dict) -> str:
    if "meeting" in found:
        return f"Raised in the meeting: {found['meeting']}"
    if "spotlight" in found:
        return f"Raised from the spotlight on {found['spotlight']}"
    if "activity" in found:
        return f"Raised during independent scrutiny: {found['activity']}"
    return "Challenge log"


@require_http_methods(["GET", "POST"])
def challenge_raise(request):
    _require_user(request)
    found = _raise_context(request)
    refuse_unless(permissions.can_raise_challenge(request.user))
    if "meeting" in found:
        refuse_unless(permissions.can_raise_in_meeting(request.user, found["meeting"]))
    initial = _initial_from_entry(found["entry"]) if "entry" in found else {"raised_by": request.user.pk}
    form = ChallengeRaiseForm(request.POST or None, initial=initial, user=request.user, fixed_source=bool(found))

    def raise_it(data):
        return services.challenge_raise(
            acting_user=request.user,
            question=data["question"],
            directed_to_organisation=data.get("directed_to_organisation"),
            directed_to_group=data.get("directed_to_group"),
            response_due=data.get("response_due"),
            raised_by=data.get("raised_by"),
            meeting=found.get("meeting") or data.get("meeting"),
            minute_entry=found.get("entry"),
            activity=found.get("activity"),
            spotlight=found.get("spotlight"),
            raised_during=data.get("raised_during", ""),
        )

    return form_page(
        request,
        form,
        title="Log a challenge" if "entry" in found else "Raise a challenge",
        caption=_caption(found),
        back_url=_back_url(found),
        inset="Whoever it is asked of is told at once, and the response is due on the partnership’s clock.",
        submit="Log the challenge",
        on_valid=raise_it,
        success=lambda c: (
            f"Challenge {c.reference} logged: {c.directed_to} is asked to respond by {c.response_due:%-d %B %Y}"
        ),
        next_url=lambda c: c,
    )


def challenge_detail(request, pk: int):
    challenge = selectors.challenge_get_for_user(request.user, pk)
    user = request.user
    escalation = selectors.escalation_of(user, challenge)
    today = calendar.today()
    challenge.status_label, challenge.status_colour = challenge.display_status(today)
    deadline = latest_deadline_for(challenge)
    return render(
        request,
        "scrutiny/challenge_detail.html",
        {
            "challenge": challenge,
            "deadline": deadline,
            "deadline_url": links.url_for(user, deadline),
            # Where it was raised, linked only if the reader may open it.
            "meeting_url": reverse("scrutiny:challenge-meeting", args=[challenge.meeting_id])
            if challenge.meeting_id and links.can_open(user, challenge.meeting)
            else "",
            "activity_url": links.url_for(user, challenge.activity) if challenge.activity_id else "",
            "spotlight_url": links.url_for(user, challenge.spotlight) if challenge.spotlight_id else "",
            "escalation": escalation,
            "can_answer": permissions.can_answer_challenge(user, challenge),
            "can_edit": permissions.can_edit_challenge(user, challenge),
            "can_close": permissions.can_close_challenge(user, challenge),
            # Closed with an assurance level once the escalation concludes (the raiser or the
            # business unit; the escalation's own page says who concludes it).
            "close_after_escalation": permissions.closes_after_escalation(user, challenge),
            "can_escalate": permissions.can_escalate_challenge(user, challenge),
            "can_view_history": permissions.can_view_history(user),
        },
    )


def _challenge(request, pk: int, allowed) -> Challenge:
    challenge = selectors.challenge_get_for_user(request.user, pk)
    refuse_unless(allowed(request.user, challenge))
    return challenge


@require_http_methods(["GET", "POST"])
def challenge_edit(request, pk: int):
    challenge = _challenge(request, pk, permissions.can_edit_challenge)
    form = ChallengeEditForm(request.POST or None, instance=challenge)
    return form_page(
        request,
        form,
        title=f"Change challenge {challenge.reference}",
        caption=f"Asked of {challenge.directed_to}",
        back_url=challenge.get_absolute_url(),
        inset="Changing the due date moves the deadline, and says so in its history.",
        submit="Save changes",
        on_valid=lambda data: services.challenge_update(acting_user=request.user, challenge=challenge, **data),
        success="Challenge saved",
        next_url=challenge,
    )


@require_http_methods(["GET", "POST"])
def challenge_answer(request, pk: int):
    challenge = _challenge(request, pk, permissions.can_answer_challenge)
    form = ChallengeAnswerForm(request.POST or None)
    return form_page(
        request,
        form,
        title=f"Respond to challenge {challenge.reference}",
        caption=f"For {challenge.directed_to}, due {challenge.response_due:%-d %B %Y}",
        back_url=challenge.get_absolute_url(),
        inset=challenge.question,
        submit="Send the response",
        on_valid=lambda data: services.challenge_answer(acting_user=request.user, challenge=challenge, **data),
        success="Response sent: whoever raised the challenge has been told",
        next_url=challenge,
    )


@require_http_methods(["GET", "POST"])
def challenge_close(request, pk: int):
    challenge = _challenge(request, pk, permissions.can_close_challenge)
    form = ChallengeCloseForm(request.POST or None)
    return form_page(
        request,
        form,
        title=f"Close challenge {challenge.reference}",
        caption=_close_caption(challenge),
        back_url=challenge.get_absolute_url(),
        inset=_close_intro(challenge),
        submit="Close the challenge",
        on_valid=lambda data: services.challenge_close(acting_user=request.user, challenge=challenge, **data),
        success=lambda c: f"Challenge {c.reference} closed: {c.get_assurance_level_display().lower()}",
        next_url=challenge,
    )


def _close_caption(challenge: Challenge) -> str:
    if challenge.status == Challenge.Status.ESCALATED:
        escalation = challenge.escalation
        ended = f"{escalation.ended_on:%-d %B %Y}"
        return f"Escalation {escalation.reference} {escalation.get_status_display().lower()} on {ended}"
    return f"Answered by {challenge.responded_by}"


def _close_intro(challenge: Challenge) -> str:
    """What the partnership judges its assurance on: the response, and the escalation's outcome."""
    if challenge.status != Challenge.Status.ESCALATED:
        return challenge.response
    parts = [f"Response: {challenge.response}" if challenge.response else "No response before the escalation."]
    parts.append(f"Outcome of the escalation: {challenge.escalation.outcome}")
    return "\n\n".join(parts)


@require_http_methods(["GET", "POST"])
def challenge_escalate(request, pk: int):
    challenge = _challenge(request, pk, permissions.can_escalate_challenge)
    form = ChallengeEscalateForm(request.POST or None)
    return form_page(
        request,
        form,
        title=f"Escalate challenge {challenge.reference}",
        caption=f"Asked of {challenge.directed_to}",
        back_url=challenge.get_absolute_url(),
        inset="The challenge goes into the escalation policy: each stage is recorded with its own deadline.",
        warning="Escalations are need-to-know: only the people and organisations involved can see them.",
        submit="Escalate",
        on_valid=lambda data: services.challenge_escalate(acting_user=request.user, challenge=challenge, **data),
        success=lambda e: f"Challenge escalated as {e.reference}, at the {e.get_stage_display().lower()} stage",
        next_url=lambda e: e,
    )


def challenge_history(request, pk: int):
    challenge = _challenge(request, pk, lambda user, _: permissions.can_view_history(user))
    return render_history(
        request, challenge, title=f"History of challenge {challenge.reference}", back_url=challenge.get_absolute_url()
    )
