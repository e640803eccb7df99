"""Sign-in throttling: django-axes, tolerant of sign-ins that come without a request."""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses sign-in for a user name and address locked out after repeated failures.

    Every sign-in over HTTP (the admin's login form) passes the request and is
    checked. Code that authenticates without one (``Client.login`` in tests, a
    shell session) has no client address to throttle, so it is let through to
    the next backend instead of failing outright as Axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
