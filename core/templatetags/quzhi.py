from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from core import money
from core.choices import choice_set_of
from core.money import to_unit

register = template.Library()


@register.filter
def mask_phone(value: str | None) -> str:
    """138****5678: lists show phone numbers masked; the detail page shows them to those in scope."""
    if not value:
        return ""
    digits = str(value)
    if len(digits) < 7:
        return digits[0] + "*" * (len(digits) - 1)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


@register.simple_tag
def choice_badge(obj, field: str = "", *, choices: str = "", label: str = "", title: str = ""):
    """A label on the colour its ChoiceSet gives it, the one way templates draw a coloured badge.

    {% choice_badge unit "kind" %} for a model field (the set is the one the field's choices come
    from); {% choice_badge status.colour choices="cases.choices.Colour" %} for a value of a set.
    `label` puts other words on the member's colour (a sentence); `title` adds a tooltip.
    """
    if field:
        value = getattr(obj, field)
        label = label or getattr(obj, f"get_{field}_display")()
        choice_set = choice_set_of(type(obj), field)
    else:
        choice_set = import_string(choices)
        value = obj
        label = label or dict(choice_set.choices).get(value, value)
    colour = choice_set.color_of(value) if choice_set else "secondary"
    if title:
        return format_html('<span class="badge text-bg-{}" title="{}">{}</span>', colour, title, label)
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)


@register.filter
def field_label(model_or_obj, name: str) -> str:
    return model_or_obj._meta.get_field(name).verbose_name


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def wan(yuan):
    """元 → 万元 with two decimals and thousands separators: 1260200 → 126.02."""
    value = to_unit(yuan, "万元")
    return "" if value is None else f"{value:,.2f}"


@register.filter
def yi(yuan):
    """元 → 亿元 with two decimals."""
    value = to_unit(yuan, "亿元")
    return "" if value is None else f"{value:,.2f}"


@register.filter
def pct(value):
    """A percent value (65.2241) → "65.22%"."""
    return "—" if value is None else f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


@register.filter
def pp(value, places=2):
    """Percentage points (15.22) → "+15.22个百分点", "−3.10个百分点" (core.money.pp_text); never "%"."""
    return money.pp_text(value, int(places))


@register.filter
def plain(value):
    """An exact decimal as typed, without trailing zeros or exponent: 124.3000 → "124.3", 163 → "163"."""
    if value is None or value == "":
        return "—"
    if not isinstance(value, Decimal):
        return value
    return money.plain(value)


@register.filter
def abs_value(value):
    """A number without its sign (the words around it say which way: 高于/低于)."""
    return abs(value) if isinstance(value, int | float | Decimal) else value


@register.filter
def money_in(value, currency: str = "CNY"):
    """An amount in a currency's base unit → "12.4亿元", "5,300万美元" (core.money.format_money)."""
    return money.format_money(value, currency or "CNY")


@register.filter(name="money")
def money_filter(yuan, unit: str = ""):
    """元 → "12.4亿元" / "126.02万元" (core.money.format_amount); `unit` fixes the unit."""
    return money.format_amount(yuan, unit)


@register.filter
def truncatechars_left(value, length: int):
    """The last `length` characters, with "…" before them when cut: the text leading up to a mark."""
    text = str(value or "")
    length = int(length)
    return text if len(text) <= length else "…" + text[-(length - 1) :]


@register.simple_tag(takes_context=True)
def table_cell(context, col, row, title=""):
    """One <td> of a core.tables column for a row. `title` names the column heading the row's card
    on a phone; the other cells carry their column's label (data-label) for the card's lines."""
    css, style = col.td_class(row), col.style
    if col.name == title:
        css, label = " ".join(c for c in (css, "qz-card-title") if c), ""
    else:
        css = " ".join(c for c in (css, "qz-card-hide" if col.card == "hide" else "") if c)
        label = format_html(' data-label="{}"', col.label)
    attrs = format_html("{}{}{}", format_html(' class="{}"', css) if css else "", label,
                        format_html(' style="{}"', style) if style else "")  # fmt: skip
    return format_html("<td{}>{}</td>", attrs, col.cell(row, context))


@register.simple_tag(takes_context=True)
def table_header(context, col):
    """One <th> of a core.tables column; a sortable column links to ?sort=, then ?sort=- (▲/▼)."""
    attrs = mark_safe(' class="text-end"') if col.end else ""
    if not col.sort:
        return format_html("<th{}>{}</th>", attrs, col.label)
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    current = query.get("sort", "")
    query["sort"] = f"-{col.name}" if current == col.name else col.name
    query.pop("page", None)
    mark = " ▲" if current == col.name else (" ▼" if current == f"-{col.name}" else "")
    return format_html('<th{}><a href="?{}">{}{}</a></th>', attrs, query.urlencode(), col.label, mark)


# Buttons and links are shown only when the action behind them would be allowed, decided by the
# same function the view or action applies: {% if user|can_change:object %}, and for a rule an app
# keeps, {% if user|passes:"core.scope.is_platform_admin" %}.


@register.filter
def can_change(user, obj) -> bool:
    from core import scope

    return obj is not None and scope.can_change(user, obj)


@register.filter
def can_see(user, obj) -> bool:
    """Would the object's own page open for `user`? A link to a row outside the scope is not shown."""
    from core import scope

    if obj is None:
        return False
    return scope.restrict(type(obj)._default_manager.filter(pk=obj.pk), user).exists()


@register.filter
def can_write(user) -> bool:
    from core import scope

    return scope.can_write(user)


@register.filter
def passes(user, check: str) -> bool:
    """`check` is the dotted path of a function of the user, e.g. "cases.queries.may_submit"."""
    return bool(import_string(check)(user))
