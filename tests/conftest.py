"""The browser fixtures of test_browser.py, for the other browser tests of this folder."""

from .test_browser import browser_page, demo_data  # noqa: F401
