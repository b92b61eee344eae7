"""The HTTP methods a view serves, said on the view itself, so that the early refusal
(website.middleware.RefuseBadRequests) answers any other method with a 405 and an Allow header
before anything else runs: CSRF's check would otherwise answer a PUT with 403, and a view that
answers any method (a syndication feed) would answer TRACE."""

import functools

from django.views.decorators.http import require_http_methods

# Methods a request of this site may use at all; anything else (TRACE, CONNECT, WebDAV's) is
# refused on every address.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# What a view serves when it does not say (the admin's views, third-party ones).
USUAL_METHODS = frozenset({"GET", "HEAD", "POST"})


def serves(*methods):
    """require_http_methods that also names the methods on the view, for the early refusal."""

    def decorator(view):
        checked = require_http_methods(list(methods))(view)
        checked.http_methods = frozenset(methods)
        return checked

    return decorator


# A page, a file or a feed: read only.
read_only = serves("GET", "HEAD")


def methods_of(view):
    """The methods view serves: a class-based view's handlers (HEAD wherever GET), a function
    view's serves(); None when the view does not say."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return _handlers(view_class)
    return getattr(view, "http_methods", None)


@functools.cache  # a view's class does not change; this runs for every request
def _handlers(view_class):
    names = [name for name in view_class.http_method_names if hasattr(view_class, name)]
    methods = {name.upper() for name in names}
    return frozenset(methods | {"HEAD"} if "GET" in methods else methods)
