from django.urls import reverse

from tests.matrix import EVERY_ROLE, LOGIN, Entry, only, public, signed_in

ENTRIES = {
    "core:home": signed_in(lambda w: reverse("core:home")),
    "core:accessibility": public(lambda w: reverse("core:accessibility")),
    "core:privacy": public(lambda w: reverse("core:privacy")),
    "core:health": public(lambda w: reverse("core:health")),
    # django-allauth's pages. Signing in, resetting a password and the closed sign-up page are
    # public; the rest need a signed-in person.
    "account_login": Entry(lambda w: reverse("account_login"), {"anonymous": 200, "*": 302}),
    "account_logout": Entry(lambda w: reverse("account_logout"), {"anonymous": 302, "*": 200}),
    "account_inactive": public(lambda w: reverse("account_inactive")),
    "account_signup": Entry(lambda w: reverse("account_signup"), {"anonymous": 200, "*": 302}),
    "account_reauthenticate": signed_in(lambda w: reverse("account_reauthenticate")),
    "account_email": signed_in(lambda w: reverse("account_email")),
    "account_email_verification_sent": public(lambda w: reverse("account_email_verification_sent")),
    "account_change_password": signed_in(lambda w: reverse("account_change_password")),
    "account_set_password": signed_in(lambda w: reverse("account_set_password"), status=302),
    "account_reset_password": public(lambda w: reverse("account_reset_password")),
    "account_reset_password_done": public(lambda w: reverse("account_reset_password_done")),
    "account_reset_password_from_key": public(
        lambda w: reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "not-a-real-key"})
    ),
    "account_reset_password_from_key_done": public(lambda w: reverse("account_reset_password_from_key_done")),
    "account_confirm_login_code": Entry(lambda w: reverse("account_confirm_login_code"), {"*": 302}),
    "account_confirm_email": public(lambda w: reverse("account_confirm_email", kwargs={"key": "not-a-real-key"})),
    # The Django admin is for technical staff only; nobody in the cast is staff.
    "admin:index": Entry(lambda w: reverse("admin:index"), {"*": 302}),
}

__all__ = ["ENTRIES", "EVERY_ROLE", "LOGIN"]

ANY_ROLE = EVERY_ROLE
READ_ALL = ("business", "executive", "scrutineer")
# world["deadline"] falls to the agency (agency_lead's and member's organisation).
DEADLINE_READERS = ("agency_lead", "member", *READ_ALL)

ENTRIES.update(
    {
        "core:deadline-list": only(*ANY_ROLE, url=lambda w: reverse("core:deadline-list")),
        "core:deadline-overdue": only(*READ_ALL, url=lambda w: reverse("core:deadline-overdue")),
        "core:deadline-calendar": only(*ANY_ROLE, url=lambda w: reverse("core:deadline-calendar")),
        "core:deadline-detail": only(
            *DEADLINE_READERS, url=lambda w: reverse("core:deadline-detail", args=[w["deadline"].pk])
        ),
        "core:deadline-action": only(
            "business", url=lambda w: reverse("core:deadline-action", args=[w["deadline"].pk, "move"])
        ),
        "core:rule-list": only(*ANY_ROLE, url=lambda w: reverse("core:rule-list")),
        "core:rule-edit": only("business", url=lambda w: reverse("core:rule-edit", args=["rapid_review"])),
        "core:rule-history": only(*ANY_ROLE, url=lambda w: reverse("core:rule-history", args=["rapid_review"])),
        "core:closure-list": only(*ANY_ROLE, url=lambda w: reverse("core:closure-list")),
        "core:closure-delete": only(
            "business", url=lambda w: reverse("core:closure-delete", args=[w["closure"].pk]), method="post", status=302
        ),
        "core:notification-list": signed_in(lambda w: reverse("core:notification-list")),
        "core:notification-read-all": signed_in(
            lambda w: reverse("core:notification-read-all"), method="post", status=302
        ),
        "core:notification-preferences": signed_in(lambda w: reverse("core:notification-preferences")),
        "core:notification-detail": only(
            "business", url=lambda w: reverse("core:notification-detail", args=[w["notification"].pk]), others=404
        ),
        "core:calendar-feed-settings": signed_in(lambda w: reverse("core:calendar-feed-settings")),
        "core:calendar-feed": public(lambda w: reverse("core:calendar-feed", args=[w["calendar_token"]])),
    }
)

# django-allauth's two-factor pages and the "your sessions" page: each person's own.
ENTRIES.update(
    {
        "mfa_index": signed_in(lambda w: reverse("mfa_index")),
        "mfa_authenticate": Entry(lambda w: reverse("mfa_authenticate"), {"*": 302}),
        "mfa_reauthenticate": signed_in(lambda w: reverse("mfa_reauthenticate"), status=302),
        "mfa_activate_totp": signed_in(lambda w: reverse("mfa_activate_totp"), status=302),
        "mfa_deactivate_totp": signed_in(lambda w: reverse("mfa_deactivate_totp"), status=404),
        "mfa_view_recovery_codes": signed_in(lambda w: reverse("mfa_view_recovery_codes"), status=404),
        "mfa_generate_recovery_codes": signed_in(lambda w: reverse("mfa_generate_recovery_codes"), status=302),
        "mfa_download_recovery_codes": signed_in(lambda w: reverse("mfa_download_recovery_codes"), status=404),
        "mfa_list_webauthn": signed_in(lambda w: reverse("mfa_list_webauthn")),
        "mfa_add_webauthn": signed_in(lambda w: reverse("mfa_add_webauthn"), status=302),
        "mfa_reauthenticate_webauthn": signed_in(lambda w: reverse("mfa_reauthenticate_webauthn"), status=302),
        # Changing a security key asks for the password again first.
        "mfa_remove_webauthn": signed_in(lambda w: reverse("mfa_remove_webauthn", args=[999999]), status=302),
        "mfa_edit_webauthn": signed_in(lambda w: reverse("mfa_edit_webauthn", args=[999999]), status=302),
        "mfa_login_webauthn": Entry(lambda w: reverse("mfa_login_webauthn"), {"*": 302}),
        "usersessions_list": signed_in(lambda w: reverse("usersessions_list")),
    }
)
