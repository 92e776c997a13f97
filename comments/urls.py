from django.urls import path

from . import reports, views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/comments/", views.comment_create, name="post"),
    path("comments/<int:pk>/", views.comment_permalink, name="permalink"),
    path("comments/<int:pk>/report/", reports.report_comment, name="report"),
    path(
        "comments/stop-reply-emails/<str:token>/",
        views.stop_reply_emails,
        name="stop_reply_emails",
    ),
    path("discussions/", views.discussions, name="discussions"),
    path("discussions/latest/", views.latest_threads, name="latest_threads"),
]
