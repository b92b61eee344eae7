from django.shortcuts import render


class RefuseNullBytes:
    """A NUL character is never part of an address, a form field or a cookie of this site, and
    PostgreSQL refuses it in any text (a 500 wherever it reached a query: an admin filter, the
    session cookie). A request with one in its address gets the Chinese 400 page before
    anything reads it; a cookie with one is dropped, as if the browser had none, so that a
    damaged cookie does not lock a resident out of the site. Before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name in [name for name, value in request.COOKIES.items() if "\x00" in value]:
            del request.COOKIES[name]
        if _has_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _fields(querydict):
    for name, values in querydict.lists():
        yield name
        yield from values


def _has_nul(request):
    # Posted forms are left to their fields, which refuse NUL with a message and keep what
    # was typed.
    return any("\x00" in text for text in [request.path_info, *_fields(request.GET)])
