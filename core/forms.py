from django import forms
from django.utils.translation import gettext_lazy as _

from . import bounds


class YearField(forms.IntegerField):
    """A year between MIN_YEAR and MAX_YEAR (2200 or 99999 are typing errors, not plans)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("年度"))
        super().__init__(min_value=bounds.MIN_YEAR, max_value=bounds.MAX_YEAR, **kwargs)


class WorkdaysField(forms.IntegerField):
    """A time limit in working days, 1 to MAX_WORKDAYS (each one is a step of a calendar walk)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_value", bounds.MAX_WORKDAYS)
        super().__init__(min_value=1, **kwargs)


class DateRangeForm(forms.Form):
    """`?start=&end=` of a report page: valid dates within the years the platform keeps, start ≤ end."""

    start = forms.DateField(label=_("起始日期"), required=False)
    end = forms.DateField(label=_("截止日期"), required=False)

    def clean(self):
        data = super().clean()
        for name in ("start", "end"):
            day = data.get(name)
            if day and not bounds.MIN_YEAR <= day.year <= bounds.MAX_YEAR:
                self.add_error(
                    name, _("年份应在 %(low)s 至 %(high)s 之间。") % {"low": bounds.MIN_YEAR, "high": bounds.MAX_YEAR}
                )
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("截止日期不能早于起始日期。"))
        return data


class ActionModelForm(forms.ModelForm):
    """A ModelForm that only cleans its fields and leaves the instance untouched.

    The action applies cleaned_data, validates the model and audits before → after; letting
    the form copy values into the instance first would make "before" equal "after".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def _post_clean(self):
        pass


def style_fields(form, small: bool = False) -> None:
    """Give widgets Bootstrap classes, so templates can render fields as they are."""
    size = " form-control-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        kind = widget.__class__.__name__
        if kind in ("CheckboxInput",):
            css = "form-check-input"
        elif kind in ("Select", "SelectMultiple", "NullBooleanSelect"):
            css = "form-select" + (" form-select-sm" if small else "")
        else:
            css = "form-control" + size
        current = widget.attrs.get("class", "")
        if css.split()[0] not in current.split():
            widget.attrs["class"] = f"{current} {css}".strip()


class StyledFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
