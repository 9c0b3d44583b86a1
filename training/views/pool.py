"""The training pool: trainers from partner agencies, what they deliver and give."""

import copy

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.history import render_history
from core.pagination import paginate
from core.services import refuse_unless
from core.views.form_pages import form_page

from .. import permissions
from ..forms.pool import TrainerAddForm, TrainerForm
from ..selectors import management as selectors
from ..services import pool as services
from . import choice


def trainer_list(request):
    active = choice(request, "show", ("active", "left", "all"), "active")
    trainers = selectors.trainer_list_for_user(request.user, active=active)
    page = paginate(request, trainers)
    for trainer in page.object_list:
        trainer.hours_donated = selectors.hours(trainer.minutes_donated)
    return render(
        request,
        "training/trainer_list.html",
        {
            "page": page,
            "show": active,
            "totals": selectors.pool_totals(),
            "can_manage": permissions.manages_training(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def trainer_create(request):
    refuse_unless(permissions.manages_training(request.user))
    form = TrainerAddForm(request.POST or None)
    return form_page(
        request,
        form,
        title="Add a trainer to the pool",
        submit="Add the trainer",
        back_url=reverse("training:trainer-list"),
        on_valid=lambda data: services.trainer_add(
            acting_user=request.user,
            person=form.person,
            organisation=data["organisation"],
            courses=data["courses"],
            notes=data["notes"],
        ),
        success=lambda trainer: f"{trainer} joined the training pool",
        next_url=lambda trainer: trainer,
    )


def trainer_detail(request, pk: int):
    trainer = selectors.trainer_get_for_user(request.user, pk)
    return render(
        request,
        "training/trainer_detail.html",
        {
            "trainer": trainer,
            "courses": list(trainer.courses.all()),
            "page": paginate(request, selectors.trainer_sessions(trainer), per_page=20),
            "can_manage": permissions.manages_training(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def trainer_edit(request, pk: int):
    trainer = selectors.trainer_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return form_page(
        request,
        TrainerForm(request.POST or None, instance=copy.copy(trainer)),
        title="Change the trainer’s details",
        caption=str(trainer),
        back_url=trainer.get_absolute_url(),
        on_valid=lambda data: services.trainer_update(acting_user=request.user, trainer=trainer, **data),
        success="Trainer saved",
        next_url=trainer,
    )


def trainer_history(request, pk: int):
    trainer = selectors.trainer_get_for_user(request.user, pk)
    refuse_unless(permissions.manages_training(request.user))
    return render_history(
        request, trainer, title=f"History of {trainer} in the pool", back_url=trainer.get_absolute_url()
    )
