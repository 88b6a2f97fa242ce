"""Helpers of the browser tests in this folder."""

from org.demo import DEMO_PASSWORD


def log_in(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, as a user does, and land on the home page."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
