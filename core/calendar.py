"""The working-day calendar with the administrator's overrides from the database."""

from .models import WorkdayOverride
from .workdays import WorkdayCalendar


def workday_calendar() -> WorkdayCalendar:
    """A calendar with every override (a few rows a year); build one per request or task."""
    return WorkdayCalendar(dict(WorkdayOverride.objects.values_list("date", "is_workday")))
