"""Security headers and cookies under the production settings, the admin's
login wall, and the throttling of repeated failed sign-ins.

The production values are read from gpg_kb.settings itself, imported in a
subprocess with the production environment, and applied here with
override_settings, so the tests check what production really sends.
"""

import json
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from .test_settings import ROOT, production_env

pytestmark = pytest.mark.django_db

PRODUCTION_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY", "MIDDLEWARE",
    "AUTHENTICATION_BACKENDS",
]
PASSWORD = "correct horse battery staple 42"


@pytest.fixture(scope="module")
def production_values():
    dump = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {dump}"], cwd=ROOT,
        env={**production_env(), "DJANGO_SETTINGS_MODULE": "gpg_kb.settings"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(production_values):
    with override_settings(**production_values):
        yield production_values


@pytest.fixture
def editor(db):
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True,
                                    is_superuser=True)


def login(client, username, password, **extra):
    return client.post(reverse("admin:login"), {"username": username, "password": password},
                       secure=True, **extra)


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_pages_send_the_security_headers(production, client):
    response = client.get(reverse("home"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_content_security_policy_allows_only_the_site_itself(production, client):
    response = client.get(reverse("home"), secure=True)
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


def test_error_pages_carry_the_policy_too(production, client):
    response = client.get("/no-such-page/", secure=True)
    assert response.status_code == 404
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_plain_http_is_redirected_to_https_except_the_health_check(production, client):
    response = client.get(reverse("home"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"
    # Behind the proxy, a request it forwarded over HTTPS is not redirected.
    assert client.get(reverse("home"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_session_and_csrf_cookies_are_secure_and_http_only(production, client, editor):
    form = client.get(reverse("admin:login"), secure=True)
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]
    response = login(client, "editor", PASSWORD)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


def static_pages(patterns=None, prefix="/"):
    """Every page of the site whose address takes no parameter (the admin's aside)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        if isinstance(entry, URLResolver):
            if entry.app_name != "admin":
                yield from static_pages(entry.url_patterns, prefix + str(entry.pattern))
        elif entry.name and not entry.pattern.converters:
            yield prefix + str(entry.pattern)


def test_no_page_carries_inline_style_or_script(client):
    # The policy blocks them: an inline style or script would silently not apply.
    for path in [*static_pages(), reverse("admin:login")]:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        page = response.content.decode()
        assert not re.search(r"\sstyle\s*=", page), f"{path} has a style attribute"
        assert not re.search(r"<style[\s>]", page), f"{path} has a <style> element"
        for script in re.findall(r"<script\b[^>]*>", page):
            assert "src=" in script, f"{path} has an inline script"
        assert not re.search(r"\son[a-z]+\s*=", page), f"{path} has an event handler attribute"


def test_the_admin_is_closed_without_login(client, editor):
    for path in ["/admin/", "/admin/auth/user/", f"/admin/auth/user/{editor.pk}/change/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("admin:login") + "?next=")
    # Signed in without staff status is no better.
    User.objects.create_user("reader", password=PASSWORD)
    client.login(username="reader", password=PASSWORD)
    assert client.get("/admin/").status_code == 302
    client.login(username="editor", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_repeated_failed_logins_lock_out_that_user_from_that_address(client, editor):
    for attempt in range(1, 5):
        response = login(client, "editor", "wrong")
        assert response.status_code == 200, attempt
        assert "Please enter the correct username and password" in response.content.decode()
    response = login(client, "editor", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-ins" in page
    assert "“editor”" in page
    assert "Try again in 15 minutes." in page
    assert 'class="site-header"' in page  # in the site's layout

    # Locked out: even the right password is refused now.
    response = login(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="editor").failures_since_start >= 5


def test_a_lockout_is_per_user_name_and_address(client, editor):
    for _ in range(5):
        login(client, "editor", "wrong")
    assert login(client, "editor", PASSWORD).status_code == 429
    # The same account from another address signs in.
    response = login(client, "editor", PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 302
    # Another account from the locked-out address signs in.
    User.objects.create_user("other", password=PASSWORD, is_staff=True)
    assert login(client, "other", PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_failures(client, editor):
    for _ in range(4):
        login(client, "editor", "wrong")
    assert login(client, "editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert login(client, "editor", "wrong").status_code == 200
