from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [path("feed/disclosure.json", views.disclosure_feed, name="feed")]
