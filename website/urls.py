from django.urls import path

from . import preferences

app_name = "website"

urlpatterns = [
    path("preferences/", preferences.choose, name="preferences"),
]
