from django.shortcuts import render

from core.methods import KNOWN_METHODS, USUAL_METHODS, methods_of
from traditional.pages import convert_response


class RefuseBadRequests:
    """Requests no page of this site can serve are refused before anything reads them.

    - A NUL character is never part of an address, a form field or a cookie of this site, and
      PostgreSQL refuses it in any text (a 500 wherever it reached a query: an admin filter, the
      session cookie). A request with one in its address gets the Chinese 400 page; a cookie
      with one is dropped, as if the browser had none, so that a damaged cookie does not lock a
      resident out of the site.
    - A method the address's view does not serve (core.methods), and TRACE or an unknown method
      anywhere, gets the Chinese 405 page with an Allow header: in process_view, once the view
      is known and before CsrfViewMiddleware's, which would answer a PUT with 403.

    Before SessionMiddleware and CsrfViewMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if "\x00" in value]:
            del request.COOKIES[name]
        if _has_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        served = methods_of(view)
        if request.method in KNOWN_METHODS and (served is None or request.method in served):
            return None
        response = render(request, "405.html", status=405)
        convert_response(response)
        response["Allow"] = ", ".join(sorted(served or USUAL_METHODS))
        return response


def _fields(querydict):
    for name, values in querydict.lists():
        yield name
        yield from values


def _has_nul(request):
    # Posted forms are left to their fields, which refuse NUL with a message and keep what
    # was typed.
    return any("\x00" in text for text in [request.path_info, *_fields(request.GET)])
