from django.urls import path

from . import views

urlpatterns = [path("ckeditor/wordpaste/", views.clean, name="wordpaste_clean")]
