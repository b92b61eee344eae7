from django.http import HttpResponseNotFound
from django.urls import path

from bench.floor import floor

urlpatterns = [path("bench/floor/<int:pk>/", floor)]


def handler404(request, exception):
    # The site's 404 page needs its middleware (the user, the script); this server has none.
    return HttpResponseNotFound(b"not found")
