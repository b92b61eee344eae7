from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [path("files/<int:attachment_id>/<path:name>", views.download, name="download")]
