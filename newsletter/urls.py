from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("", views.signup, name="signup"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscribed/", views.subscribed, name="subscribed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("your-data/<str:token>/download/", views.data_download, name="data_download"),
    path("your-data/<str:token>/erase/", views.data_erase, name="data_erase"),
]
