"""The working-day calendar with the administrator's overrides and published years from the database."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear

from .models import HolidayYear, WorkdayOverride
from .workdays import WorkdayCalendar


def workday_calendar() -> WorkdayCalendar:
    """A calendar with every override (a few rows a year); build one per request or task.

    One query: each override says whether its year's notice is published (a published year
    always has rows; publishing one without any is refused).
    """
    published = HolidayYear.objects.filter(year=ExtractYear(OuterRef("date")), published=True)
    rows = WorkdayOverride.objects.annotate(published=Exists(published)).values_list("date", "is_workday", "published")
    overrides, years = {}, set()
    for day, is_workday, is_published in rows:
        overrides[day] = is_workday
        if is_published:
            years.add(day.year)
    return WorkdayCalendar(overrides, years)
