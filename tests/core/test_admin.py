"""The Django admin only shows records: every change goes through the portal's services."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_no_model_in_the_admin_can_be_added_changed_or_deleted_there():
    superuser = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/django-admin/")
    request.user = superuser
    writable = []
    for model, model_admin in admin.site._registry.items():
        # django-axes' lockout records: deleting one is how a technical administrator lifts
        # a lockout; they are never added or edited.
        if model._meta.app_label == "axes":
            assert not model_admin.has_add_permission(request)
            continue
        if (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        ):
            writable.append(model._meta.label)
    assert not writable, f"Writable in the admin, bypassing the services: {writable}"
    assert Group in admin.site._registry
