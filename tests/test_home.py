import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_lists_the_seven_goals_with_their_revision(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    for title in [
        "Counter the threat of terrorism", "Promote border integrity worldwide",
        "Protect vulnerable communities", "Secure cyberspace for people and businesses",
        "Promote global integrity", "Curb illicit markets",
        "Support environmental security and sustainability",
    ]:
        assert title in page
    # The 2023 wording is shown with its language marked, never as an English title.
    revised_2 = "Favoriser la sécurité des frontières dans le monde entier"
    assert f'<span lang="fr">{revised_2}</span>' in page
    assert "(French)" in page
    assert "4 sub-goals" in page
    assert 'class="sdg-chip sdg-16"' in page


def test_home_lists_the_sessions(client):
    page = client.get(reverse("home")).content.decode()
    # The six most recent sessions, newest first.
    assert page.index("Marrakech, Morocco") < page.index("Glasgow, United Kingdom")
    assert "Vienna, Austria" in page
    assert "Beijing, China" not in page
    assert 'href="/sessions/"' in page
