from django.urls import path

from .views import courses, feedback, learning, needs, pool, programme, public, sessions

app_name = "training"

urlpatterns = [
    # Public: the catalogue of published courses and upcoming sessions
    path("training/catalogue/", public.catalogue, name="catalogue"),
    path("training/catalogue/<slug:slug>/", public.catalogue_course, name="catalogue-course"),
    # Booking: practitioners and everyone in the partnership
    path("training/", programme.programme, name="programme"),
    path("training/sessions/<int:pk>/", programme.session_detail, name="session-detail"),
    path("training/sessions/<int:pk>/book/", programme.session_book, name="session-book"),
    path("training/bookings/", programme.my_bookings, name="my-bookings"),
    path("training/bookings/<int:pk>/", programme.booking_detail, name="booking-detail"),
    path("training/bookings/<int:pk>/cancel/", programme.booking_cancel, name="booking-cancel"),
    path("training/bookings/<int:pk>/calendar.ics", programme.booking_calendar, name="booking-calendar"),
    path("training/bookings/<int:pk>/evaluation/", feedback.evaluation, name="evaluation"),
    path("training/bookings/<int:pk>/follow-up/", feedback.follow_up, name="follow-up"),
    path("training/bookings/<int:pk>/certificate.pdf", feedback.certificate, name="booking-certificate"),
    # Running the programme
    path("training/courses/", courses.course_list, name="course-list"),
    path("training/courses/new/", courses.course_create, name="course-create"),
    path("training/courses/<int:pk>/", courses.course_detail, name="course-detail"),
    path("training/courses/<int:pk>/edit/", courses.course_edit, name="course-edit"),
    path("training/courses/<int:pk>/publish/", courses.course_publish, name="course-publish"),
    path("training/courses/<int:pk>/retire/", courses.course_retire, name="course-retire"),
    path("training/courses/<int:pk>/history/", courses.course_history, name="course-history"),
    path("training/courses/<int:pk>/results/", courses.course_results, name="course-results"),
    path("training/courses/<int:pk>/answers/", courses.course_answers, name="course-answers"),
    path("training/courses/<int:pk>/sessions/new/", courses.session_create, name="session-create"),
    path("training/sessions/", sessions.session_list, name="session-list"),
    path("training/sessions/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("training/sessions/<int:pk>/cancel/", sessions.session_cancel, name="session-cancel"),
    path("training/sessions/<int:pk>/history/", sessions.session_history, name="session-history"),
    path("training/sessions/<int:pk>/bookings/", sessions.session_bookings, name="session-bookings"),
    path("training/sessions/<int:pk>/register.pdf", sessions.session_register, name="session-register"),
    path("training/sessions/<int:pk>/attendance/", sessions.session_attendance, name="session-attendance"),
    # The training pool
    path("training/pool/", pool.trainer_list, name="trainer-list"),
    path("training/pool/new/", pool.trainer_create, name="trainer-create"),
    path("training/pool/<int:pk>/", pool.trainer_detail, name="trainer-detail"),
    path("training/pool/<int:pk>/edit/", pool.trainer_edit, name="trainer-edit"),
    path("training/pool/<int:pk>/history/", pool.trainer_history, name="trainer-history"),
    # Training needs analysis
    path("training/needs/", needs.needs_overview, name="needs"),
    path("training/needs/<int:pk>/", needs.needs_agency, name="needs-agency"),
    path("training/needs/<int:pk>/<int:year>/edit/", needs.needs_edit, name="needs-edit"),
    # Learning from reviews taken up by courses
    path("training/learning/", learning.learning_list, name="learning-list"),
]
