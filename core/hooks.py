"""Hooks: how a lower layer calls code of an app above it without importing it.

The lower layer declares the hook (news.checks.pre_publication_checks: "what a reviewer must
see before approving"), calls it where it needs it, and the app that knows how fills it in from
its AppConfig.ready() (compliance registers its checks). Nothing is found by name or by
scanning: what is registered is exactly what the ready() methods of INSTALLED_APPS register.
"""

from django.core.exceptions import ImproperlyConfigured


class Hook:
    """One extension point. ``register`` is usable as a decorator; calling the hook calls every
    registered function in registration order and returns their results as a list."""

    def __init__(self, name, *, single=False):
        self.name = name
        # A single hook has exactly one implementation (a writer, a deliverer): a second
        # registration is a mistake, and a call with none is refused loudly.
        self.single = single
        self._functions = []

    def register(self, function):
        if function in self._functions:
            return function  # ready() may run twice (tests): registering again changes nothing
        if self.single and self._functions:
            raise ImproperlyConfigured(f"hook {self.name!r} already has an implementation")
        self._functions.append(function)
        return function

    def unregister(self, function):
        self._functions.remove(function)

    def __iter__(self):
        return iter(list(self._functions))

    def __bool__(self):
        return bool(self._functions)

    def __call__(self, *args, **kwargs):
        if self.single:
            if not self._functions:
                raise ImproperlyConfigured(
                    f"nothing implements hook {self.name!r}: is the app that fills it in "
                    "in INSTALLED_APPS?"
                )
            return self._functions[0](*args, **kwargs)
        return [function(*args, **kwargs) for function in self._functions]
