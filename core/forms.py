from django import forms


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
