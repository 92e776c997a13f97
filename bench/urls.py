from django.urls import path

from . import views

app_name = "bench"

urlpatterns = [
    path("ceiling/", views.ceiling, name="ceiling"),
    path("post/", views.post_form, name="post"),
]
