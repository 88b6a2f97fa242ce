"""Forms of the holiday calendar page: the notice as written, and a holiday-cn file."""

import json
import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import holidays
from .forms import StyledFormMixin, style_fields

ROWS = 10
DEFAULT_NAMES = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
MAX_FILE_BYTES = 1024 * 1024
_SEPARATORS = re.compile(r"[\s,，、;；]+")


class NoticeForm(forms.Form):
    """A year's notice: up to ten named holidays as date ranges, and the make-up working days."""

    notice = forms.CharField(
        label=gettext_lazy("通知"), max_length=200, required=False,
        help_text=gettext_lazy("如：国务院办公厅关于2027年部分节假日安排的通知"),
    )  # fmt: skip
    makeup = forms.CharField(
        label=gettext_lazy("调休上班"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("每个日期后可写节日名称，以空格、逗号或换行分隔，如：2027-02-14 春节 2027-02-20 春节"),
    )  # fmt: skip

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        for i in range(ROWS):
            self.fields[f"name_{i}"] = forms.CharField(label=gettext_lazy("节日"), max_length=100, required=False)
            self.fields[f"start_{i}"] = forms.DateField(
                label=gettext_lazy("放假开始"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields[f"end_{i}"] = forms.DateField(
                label=gettext_lazy("放假结束"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
        style_fields(self, small=True)

    @classmethod
    def initial_for(cls, overrides: list[holidays.DayOverride], notice: str) -> dict:
        ranges, makeup = holidays.holidays_of(overrides)
        initial = {"notice": notice, "makeup": " ".join(f"{d} {n}".strip() for d, n in makeup)}
        names = [h.name for h in ranges] + [n for n in DEFAULT_NAMES if n not in {h.name for h in ranges}]
        for i, name in enumerate(names[:ROWS]):
            initial[f"name_{i}"] = name
        for i, h in enumerate(ranges[:ROWS]):
            initial[f"start_{i}"], initial[f"end_{i}"] = h.start, h.end
        return initial

    def rows(self):
        """(name, start, end) bound fields of each row, for the template."""
        return [(self[f"name_{i}"], self[f"start_{i}"], self[f"end_{i}"]) for i in range(ROWS)]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        ranges = []
        for i in range(ROWS):
            name, start, end = data.get(f"name_{i}", "").strip(), data.get(f"start_{i}"), data.get(f"end_{i}")
            if start is None and end is None:
                continue  # a row with only the default name is an unused row
            if start is None or end is None or not name:
                raise ValidationError(_("第 %(n)s 行：请填写节日名称、放假开始和结束日期。") % {"n": i + 1})
            ranges.append(holidays.Holiday(name, start, end))
        makeup = self._makeup(data.get("makeup", ""))
        try:
            data["overrides"] = holidays.overrides_of(self.year, ranges, makeup)
        except holidays.NoticeError as exc:
            raise ValidationError(exc.translated(_)) from None
        return data

    def _makeup(self, text: str) -> list[tuple[date, str]]:
        days: list[list] = []
        for token in _SEPARATORS.split(text.strip()):
            if not token:
                continue
            try:
                days.append([date.fromisoformat(token), ""])
            except ValueError:
                if not days or re.fullmatch(r"[\d\-/.年月日]+", token):
                    self.add_error("makeup", _("“%(t)s”不是日期，请写成 YYYY-MM-DD。") % {"t": token})
                    continue
                days[-1][1] = token
        return [(d, n) for d, n in days]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("JSON 文件"), help_text=gettext_lazy("holiday-cn 格式，如 2027.json"))
    publish = forms.BooleanField(label=gettext_lazy("导入后标记为已发布"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(_("文件不能超过 1 MB。"))
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError(_("不是有效的 JSON 文件：%(e)s") % {"e": exc}) from None
