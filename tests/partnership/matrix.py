from django.urls import reverse

from tests.matrix import EVERY_ROLE, Entry, only, public, signed_in

BU = ("business",)
READ_ALL = ("business", "executive", "scrutineer")
HISTORY = ("business", "scrutineer")


def _org(w):
    return w["organisation"].pk


def _person(w):
    return w["person"].pk


ENTRIES = {
    "partnership:organisation-list": only(*EVERY_ROLE, url=lambda w: reverse("partnership:organisation-list")),
    "partnership:organisation-create": only(*BU, url=lambda w: reverse("partnership:organisation-create")),
    "partnership:directory-export": only(
        *BU, url=lambda w: reverse("partnership:directory-export", kwargs={"fmt": "csv"})
    ),
    "partnership:directory-import": only(*BU, url=lambda w: reverse("partnership:directory-import")),
    "partnership:directory-import-preview": only(
        *BU, url=lambda w: reverse("partnership:directory-import-preview", args=[w["pending_import"].pk])
    ),
    "partnership:organisation-detail": only(
        *EVERY_ROLE, url=lambda w: reverse("partnership:organisation-detail", args=[_org(w)])
    ),
    "partnership:organisation-edit": only(*BU, url=lambda w: reverse("partnership:organisation-edit", args=[_org(w)])),
    "partnership:organisation-set-active": only(
        *BU, url=lambda w: reverse("partnership:organisation-set-active", args=[_org(w)])
    ),
    "partnership:organisation-leads": only(
        *BU, url=lambda w: reverse("partnership:organisation-leads", args=[_org(w)])
    ),
    "partnership:organisation-history": only(
        *HISTORY, url=lambda w: reverse("partnership:organisation-history", args=[_org(w)])
    ),
    "partnership:people-list": only(*EVERY_ROLE, url=lambda w: reverse("partnership:people-list")),
    "partnership:user-invite": only(*BU, url=lambda w: reverse("partnership:user-invite")),
    "partnership:person-detail": only(
        *EVERY_ROLE, url=lambda w: reverse("partnership:person-detail", args=[_person(w)])
    ),
    "partnership:user-edit": only(*BU, url=lambda w: reverse("partnership:user-edit", args=[_person(w)])),
    "partnership:user-deactivate": only(*BU, url=lambda w: reverse("partnership:user-deactivate", args=[_person(w)])),
    "partnership:user-reactivate": only(
        *BU, url=lambda w: reverse("partnership:user-reactivate", args=[_person(w)]), method="post", status=302
    ),
    "partnership:user-resend-invitation": only(
        *BU, url=lambda w: reverse("partnership:user-resend-invitation", args=[_person(w)]), method="post", status=302
    ),
    "partnership:user-end-sessions": only(
        *BU, url=lambda w: reverse("partnership:user-end-sessions", args=[_person(w)]), method="post", status=302
    ),
    "partnership:user-reset-mfa": only(*BU, url=lambda w: reverse("partnership:user-reset-mfa", args=[_person(w)])),
    "partnership:person-history": only(
        *HISTORY, url=lambda w: reverse("partnership:person-history", args=[_person(w)])
    ),
    "partnership:person-export": only(*BU, url=lambda w: reverse("partnership:person-export", args=[_person(w)])),
    "partnership:account": signed_in(lambda w: reverse("partnership:account")),
    "partnership:account-edit": signed_in(lambda w: reverse("partnership:account-edit")),
    "partnership:priority-list": only(*EVERY_ROLE, url=lambda w: reverse("partnership:priority-list")),
    "partnership:priority-create": only(*BU, url=lambda w: reverse("partnership:priority-create")),
    "partnership:priority-detail": only(
        *EVERY_ROLE, url=lambda w: reverse("partnership:priority-detail", args=[w["priority"].pk])
    ),
    "partnership:priority-edit": only(*BU, url=lambda w: reverse("partnership:priority-edit", args=[w["priority"].pk])),
    "partnership:priority-history": only(
        *HISTORY, url=lambda w: reverse("partnership:priority-history", args=[w["priority"].pk])
    ),
    "partnership:details": only(*BU, url=lambda w: reverse("partnership:details")),
    "partnership:details-history": only(*HISTORY, url=lambda w: reverse("partnership:details-history")),
    "partnership:budget": only(*READ_ALL, url=lambda w: reverse("partnership:budget")),
    "partnership:budget-create": only(*BU, url=lambda w: reverse("partnership:budget-create")),
    "partnership:budget-edit": only(*BU, url=lambda w: reverse("partnership:budget-edit", args=[w["contribution"].pk])),
    "partnership:budget-history": only(
        *HISTORY, url=lambda w: reverse("partnership:budget-history", args=[w["contribution"].pk])
    ),
    "partnership:report-concern": public(lambda w: reverse("partnership:report-concern")),
    "partnership:logo": public(lambda w: reverse("partnership:logo")),
}

__all__ = ["ENTRIES", "Entry"]
