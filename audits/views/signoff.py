"""The link in an invitation to sign off a return: the person it was sent to sets up their
account (or, signed in at that address, goes on as themselves) and is named the return's
senior officer. The link is the permission, so the page needs no sign-in; it refuses anyone
signed in as someone else, the lead who sent it above all."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.services import DomainError
from partnership.selectors import has_account

from ..forms.answers import InvitedAccountForm
from ..selectors import signoff as signoff_reads
from ..services import signoff


@login_not_required
@require_http_methods(["GET", "POST"])
def signoff_invitation(request, token: str):
    invitation = signoff_reads.signoff_invitation_for_token(token)
    context: dict[str, object] = {"invitation": invitation, "submission": invitation.submission}
    if not invitation.is_open():
        used = invitation.status == invitation.Status.ACCEPTED
        closed = {**context, "message": signoff.closed_message(invitation), "can_sign_in": used}
        return render(request, "audits/signoff_invitation_closed.html", closed, status=200 if used else 410)
    refusal = signoff.refusal(invitation, request.user)
    if refusal:
        return render(request, "audits/signoff_invitation_closed.html", {**context, "message": refusal}, status=403)
    sign_off_url = reverse("audits:submission-sign-off", args=[invitation.submission_id])
    if request.user.is_authenticated:
        return _as_signed_in(request, invitation, context, sign_off_url)
    if has_account(invitation.email):
        login = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "audits/signoff_invitation.html", {**context, "has_account": True, "login_url": login})
    form = InvitedAccountForm(
        request.POST if request.method == "POST" else None, email=invitation.email, initial={"name": invitation.name}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            signoff.signoff_invitation_accept(
                invitation=invitation, name=data["name"], job_title=data["job_title"], password=data["password1"]
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your account is set up. Sign in with {invitation.email} and your new password to read and sign "
                "off the return.",
            )
            return redirect(f"{reverse('account_login')}?{urlencode({'next': sign_off_url})}")
    return render(request, "audits/signoff_invitation.html", {**context, "form": form})


def _as_signed_in(request, invitation, context, sign_off_url):
    """Signed in at the address the invitation went to: one button to go on as themselves."""
    if request.method == "POST":
        try:
            signoff.signoff_invitation_accept(invitation=invitation, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "You are the senior officer for this return: read it, then sign it off")
            return redirect(sign_off_url)
    return render(request, "audits/signoff_invitation.html", {**context, "signed_in": True})
