"""Fixtures shared by every app's tests: a small org tree and users of each role."""

import pytest

from org.testing import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def client_for(client):
    """Log a test client in as a user (bypassing the login form and its lockout)."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login
