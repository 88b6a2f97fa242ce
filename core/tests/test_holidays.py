"""The holiday calendar: a notice entered by hand or imported, publishing, audit, and the commands."""

import io
import json
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from core import actions, holidays, workdays
from core.audit import history_for
from core.calendar import workday_calendar
from core.context import acting_as
from core.models import AuditEntry, HolidayYear, WorkdayOverride

# A notice for 2027 as holiday-cn would publish it (New Year and the Spring Festival only).
NOTICE_2027 = {
    "year": 2027,
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-02", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-03", "isOffDay": True},
        *({"name": "春节", "date": f"2027-02-{d:02d}", "isOffDay": True} for d in range(6, 14)),
        {"name": "春节", "date": "2027-02-20", "isOffDay": False},
    ],
}


def package_2026() -> list[holidays.DayOverride]:
    """The 2026 notice as the pinned package holds it, typed in as the administrator would."""
    names = holidays.PACKAGE_NAMES
    off = [holidays.DayOverride(d, False, names[n]) for d, n in chinese_calendar.holidays.items() if d.year == 2026]
    on = [(d, names[n]) for d, n in chinese_calendar.workdays.items() if d.year == 2026]
    ranges, _none = holidays.holidays_of(off)
    assert len(ranges) == 7  # 元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆节: as the notice lists them
    return holidays.overrides_of(2026, ranges, on)


@pytest.fixture
def without_package_2026(monkeypatch):
    """Pretend the package stops at 2025, so 2026 comes only from what is entered."""
    real = workdays.package_knows
    monkeypatch.setattr(workdays, "package_knows", lambda year: year != 2026 and real(year))


def test_the_2026_notice_entered_by_hand_matches_the_package_on_every_day(world, without_package_2026):
    admin = world.users["admin"]
    assert workday_calendar().check(date(2026, 2, 17)) == (True, True)  # unknown: Monday–Friday, flagged
    with acting_as(admin):
        actions.save_holiday_year(actor=admin, year=2026, overrides=package_2026(), notice="国办发明电〔2025〕7号")
        actions.publish_holiday_year(actor=admin, year=2026)
    cal = workday_calendar()
    day = date(2026, 1, 1)
    while day.year == 2026:
        assert cal.check(day) == (chinese_calendar.is_workday(day), False), day
        day += timedelta(days=1)
    # The worked deadlines: across National Day, and across the make-up Saturday and the Spring Festival.
    assert cal.add_workdays(date(2026, 9, 30), 5) == workdays.Day(date(2026, 10, 13), False)
    assert cal.add_workdays(date(2026, 2, 13), 3) == workdays.Day(date(2026, 2, 25), False)


def test_the_worked_deadlines_on_the_package_calendar():
    cal = workdays.WorkdayCalendar()
    assert cal.add_workdays(date(2026, 9, 30), 5) == workdays.Day(date(2026, 10, 13), False)
    # Friday 13 Feb; Saturday 14 Feb is worked; 15–23 Feb off; then 24 and 25 Feb.
    assert cal.add_workdays(date(2026, 2, 13), 3) == workdays.Day(date(2026, 2, 25), False)


def test_a_holiday_cn_file_is_imported_and_audited(world):
    admin = world.users["admin"]
    with acting_as(admin):
        row = actions.import_holiday_file(actor=admin, data=NOTICE_2027)
    assert row.year == 2027 and not row.published
    assert WorkdayOverride.objects.filter(date__year=2027).count() == 12
    assert WorkdayOverride.objects.get(date=date(2027, 2, 20)).is_workday
    cal = workday_calendar()
    # Friday 5 Feb + 1: the holiday runs to Saturday 13 Feb; Monday 15 Feb is the next working day.
    assert cal.add_workdays(date(2027, 2, 5), 1).date == date(2027, 2, 15)
    assert cal.is_workday(date(2027, 2, 20))  # the make-up Saturday
    assert cal.add_workdays(date(2027, 2, 5), 1).fallback  # not published: still 推算
    created = AuditEntry.objects.filter(content_type__model="workdayoverride", action="create")
    assert created.count() == 12 and {e.actor_id for e in created} == {admin.pk}
    assert history_for(row).filter(action="create").exists()


def test_an_unpublished_year_stays_estimated_whatever_dates_were_entered(world):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.import_holiday_file(actor=admin, data=NOTICE_2027)
    cal = workday_calendar()
    assert not cal.is_known(2027)
    for start, n in [(date(2026, 12, 31), 1), (date(2027, 2, 5), 1), (date(2027, 6, 1), 3)]:
        assert cal.add_workdays(start, n).fallback
    with acting_as(admin):
        row = actions.publish_holiday_year(actor=admin, year=2027)
    assert row.published and row.published_by == admin and row.published_at is not None
    cal = workday_calendar()
    assert cal.is_known(2027) and not cal.add_workdays(date(2027, 6, 1), 3).fallback
    assert history_for(row).filter(verb="发布节假日安排").exists()
    with acting_as(admin):
        actions.publish_holiday_year(actor=admin, year=2027, published=False)
    assert not workday_calendar().is_known(2027)


def test_saving_again_replaces_the_year_day_by_day(world):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.import_holiday_file(actor=admin, data=NOTICE_2027)
        first = WorkdayOverride.objects.get(date=date(2027, 1, 1)).pk
        notice = holidays.overrides_of(2027, [holidays.Holiday("元旦", date(2027, 1, 1), date(2027, 1, 1))], [])
        actions.save_holiday_year(actor=admin, year=2027, overrides=notice)
    assert list(WorkdayOverride.objects.filter(date__year=2027).values_list("pk", flat=True)) == [first]
    assert AuditEntry.objects.filter(content_type__model="workdayoverride", action="delete").count() == 11


def test_a_published_year_cannot_be_emptied(world):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.import_holiday_file(actor=admin, data=NOTICE_2027, publish=True)
        with pytest.raises(ValidationError, match="2027 年已发布，不能清空"):
            actions.save_holiday_year(actor=admin, year=2027, overrides=[])
    assert WorkdayOverride.objects.filter(date__year=2027).count() == 12


def test_only_a_platform_admin_changes_the_calendar(world):
    user = world.users["macun_admin"]  # a district administrator
    with acting_as(user), pytest.raises(PermissionDenied):
        actions.import_holiday_file(actor=user, data=NOTICE_2027)
    assert not HolidayYear.objects.exists() and not WorkdayOverride.objects.exists()


def test_publishing_a_year_with_nothing_entered_is_refused(world):
    admin = world.users["admin"]
    with acting_as(admin), pytest.raises(ValidationError, match="请先录入 2027"):
        actions.publish_holiday_year(actor=admin, year=2027)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "对象"),
        ({"year": "2027", "days": []}, "year"),
        ({"year": 2027, "days": [{"name": "春节", "date": "2027-02-30", "isOffDay": True}]}, "days 第 1 项"),
        ({"year": 2027, "days": [{"name": "春节", "date": "2028-02-01", "isOffDay": True}]}, "不在 2027 年内"),
        ({"year": 2027, "days": [{"name": "", "date": "2027-02-01", "isOffDay": True}]}, "缺少 name"),
        ({"year": 2027, "days": [{"name": "春节", "date": "2027-02-01", "isOffDay": "yes"}]}, "isOffDay"),
    ],
)
def test_a_bad_file_names_the_entry_at_fault(data, message):
    with pytest.raises(holidays.NoticeError, match=message):
        holidays.parse_holiday_cn(data)


def test_a_notice_with_overlapping_or_misplaced_days_is_refused():
    h = holidays.Holiday
    with pytest.raises(holidays.NoticeError, match="早于"):
        holidays.overrides_of(2027, [h("春节", date(2027, 2, 13), date(2027, 2, 6))], [])
    with pytest.raises(holidays.NoticeError, match="已属于元旦"):
        holidays.overrides_of(2027, [h("元旦", date(2027, 1, 1), date(2027, 1, 3)),
                                     h("春节", date(2027, 1, 3), date(2027, 1, 4))], [])  # fmt: skip
    with pytest.raises(holidays.NoticeError, match="已是春节假期"):
        holidays.overrides_of(2027, [h("春节", date(2027, 2, 6), date(2027, 2, 13))], [(date(2027, 2, 7), "")])
    with pytest.raises(holidays.NoticeError, match="不在 2027 年内"):
        holidays.overrides_of(2027, [h("元旦", date(2026, 11, 30), date(2026, 12, 1))], [])


def test_the_year_grid_shows_each_days_status():
    cal = workdays.WorkdayCalendar()
    grid = holidays.year_grid(cal, 2026, {})
    days = {d.date: d for _m, weeks in grid for week in weeks for d in week if d is not None}
    assert len(days) == 365
    assert days[date(2026, 2, 14)] == holidays.CalendarDay(date(2026, 2, 14), holidays.MAKEUP, "春节")
    assert days[date(2026, 2, 17)] == holidays.CalendarDay(date(2026, 2, 17), holidays.HOLIDAY, "春节")
    assert days[date(2026, 3, 7)].status == holidays.REST and days[date(2026, 3, 9)].status == holidays.WORKDAY
    assert holidays.counts(grid) == {"workday": 242, "rest": 84, "holiday": 33, "makeup": 6}


# The commands -----------------------------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_workdays_command_prints_the_day_and_whether_it_is_estimated(world):
    assert run("workdays", "2026-09-30", "5").strip() == "2026-09-30 后第 5 个工作日：2026-10-13（星期二）"
    assert run("workdays", "2026-02-13", "3").strip() == "2026-02-13 后第 3 个工作日：2026-02-25（星期三）"
    guessed = run("workdays", "2026-12-25", "5")
    assert "2027-01-01（星期五）" in guessed and "推算：2027 年的节假日安排尚未发布" in guessed
    with pytest.raises(CommandError, match="不是日期"):
        run("workdays", "2026-13-01", "5")


def test_the_holidays_command_imports_and_shows_a_year(world, tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(NOTICE_2027, ensure_ascii=False), encoding="utf-8")
    out = run("holidays", "import", str(path))
    assert "2027 年：已导入放假 11 天、调休上班 1 天；状态：推算（未发布）" in out
    assert "没有需要调整的时限" in out
    out = run("holidays", "import", str(path), "--publish")
    assert "状态：已发布" in out and HolidayYear.objects.get(year=2027).published
    shown = run("holidays", "show", "2027")
    assert "2027 年节假日安排　状态：已发布" in shown
    assert "春节：2027-02-06 至 2027-02-13 放假，共 8 天" in shown
    assert "调休上班：2027-02-20（星期六）春节" in shown
    assert "元旦：2027-01-01 至 2027-01-03 放假，共 3 天" in shown
    assert "尚未录入" in run("holidays", "show", "2031")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        run("holidays", "import", str(path))


def test_a_notice_that_reaches_into_the_december_before_is_imported_whole(world):
    """The 2023 notice gave 2022-12-31 to 2023-01-02 off for 元旦; holiday-cn files list such days."""
    admin = world.users["admin"]
    notice = {
        "year": 2031,
        "days": [
            {"name": "元旦", "date": "2030-12-31", "isOffDay": True},
            {"name": "元旦", "date": "2031-01-01", "isOffDay": True},
            {"name": "春节", "date": "2031-01-22", "isOffDay": True},
        ],
    }
    with acting_as(admin):
        actions.import_holiday_file(actor=admin, data=notice, publish=True)
    assert set(WorkdayOverride.of_notice(2031).values_list("date", flat=True)) == {
        date(2030, 12, 31),
        date(2031, 1, 1),
        date(2031, 1, 22),
    }
    assert not workday_calendar().is_workday(date(2030, 12, 31))
    assert actions.notice_years(2031) == [2030, 2031]
    # Imported again without the December day, the day is gone again: the notice owns it.
    notice["days"] = notice["days"][1:]
    with acting_as(admin):
        actions.import_holiday_file(actor=admin, data=notice)
    assert not WorkdayOverride.objects.filter(date=date(2030, 12, 31)).exists()
    # A day further away than the neighbouring month is still refused, naming the entry.
    notice["days"].append({"name": "清明节", "date": "2030-04-05", "isOffDay": True})
    with acting_as(admin), pytest.raises(ValidationError, match="第 3 项"):
        actions.import_holiday_file(actor=admin, data=notice)


def test_a_day_set_by_another_years_notice_is_not_taken_over(world):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.import_holiday_file(
            actor=admin, data={"year": 2031, "days": [{"name": "元旦", "date": "2030-12-31", "isOffDay": True}]}
        )
        with pytest.raises(ValidationError, match="2031 年的节假日安排"):
            actions.import_holiday_file(
                actor=admin, data={"year": 2030, "days": [{"name": "元旦", "date": "2030-12-31", "isOffDay": True}]}
            )
