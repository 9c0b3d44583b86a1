from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from .. import feeds, ics, selectors
from ..forms.clock import NotificationPreferencesForm
from ..notifications import KINDS
from ..pagination import paginate
from ..services import inbox
from .form_pages import AuthenticatedHttpRequest


def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The inbox, grouped by day and by kind within the day; filtered by kind on request."""
    kinds = selectors.inbox_kinds(request.user)
    kind = request.GET.get("kind", "")
    if kind not in {k["key"] for k in kinds}:
        kind = ""
    # The kinds' totals already count the inbox (or the kind shown): no second count.
    count = sum(k["total"] for k in kinds if not kind or k["key"] == kind)
    page = paginate(request, selectors.notifications_for_user(request.user, kind=kind), count=count)
    return render(
        request,
        "core/notification_list.html",
        {
            "page": page,
            "days": selectors.inbox_groups(page.object_list),
            "kinds": kinds,
            "kind": kind,
            "kind_label": next((k["label"] for k in kinds if k["key"] == kind), ""),
            "unread": sum(k["unread"] for k in kinds),
        },
    )


def notification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Reading a notification marks it read, as opening an email does."""
    notification = selectors.notification_get_for_user(request.user, pk)
    inbox.open_message(notification=notification)
    safe_url = notification.url if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None) else ""
    return render(request, "core/notification_detail.html", {"notification": notification, "safe_url": safe_url})


@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponseRedirect:
    """Mark everything read, or one group: a kind (`kind`), on a day (`day`, YYYY-MM-DD)."""
    kind = request.POST.get("kind", "")
    if kind and kind not in KINDS:
        messages.error(request, "Choose a kind of message from the list")
        return redirect("core:notification-list")
    try:
        day = date.fromisoformat(request.POST.get("day", "")) if request.POST.get("day") else None
    except ValueError:
        day = None
    count = inbox.mark_read(user=request.user, kind=kind or None, day=day)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    back = request.POST.get("next", "")
    if back.startswith("/inbox/") and "\x00" not in back and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("core:notification-list")


@require_http_methods(["GET", "POST"])
def notification_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = selectors.notification_preferences_of(request.user)
    form = NotificationPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        inbox.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, "Your notification choices are saved")
        return redirect("core:notification-preferences")
    always = [kind for kind in KINDS.values() if kind.always_immediate]
    return render(request, "core/notification_preferences.html", {"form": form, "always": always})


@require_http_methods(["GET", "POST"])
def calendar_feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    token = selectors.calendar_token_of(request.user)
    new_address = ""
    if request.method == "POST":
        token, raw = inbox.calendar_token_reset(user=request.user)
        new_address = request.build_absolute_uri(f"/calendar/{raw}.ics")
    return render(request, "core/calendar_feed.html", {"token": token, "new_address": new_address})


@login_not_required
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed: public by its secret address; a wrong or reset token finds nothing."""
    record = selectors.calendar_token_for_feed(token)
    inbox.calendar_token_used(token=record)
    body = ics.build(feeds.events_for(record.user), name="Partnership portal")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="portal.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
