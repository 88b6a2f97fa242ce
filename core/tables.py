"""One column list per table: the HTML list and its .xlsx export are drawn from the same columns.

A `Table` is a list of `Col`s. Each column says once what it shows: its header, where its value
comes from (`accessor`, a dotted path), how the page draws it (a link, a coloured badge, money in
万元/亿元, a date, or a cell template for a special cell) and what the sheet holds (numbers and dates
as such, choice labels rather than codes). `html=False` keeps a column out of the page,
`export=False` out of the sheet; `export_label` names a sheet column differently where the sheet
must match an import template. core/_table.html draws any table; `sheet_columns()` gives
core.tabular the same columns for the export.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .money import to_unit
from .tabular import Column
from .templatetags.quzhi import choice_badge

MONEY_UNITS = ("万元", "亿元")
CARD_ROLES = ("title", "line", "hide")


def resolve(obj, path: str):
    """`obj.a.b` for "a.b"; None as soon as a step is None."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _parent_and_name(obj, path: str):
    head, _dot, name = path.rpartition(".")
    return (resolve(obj, head) if head else obj), name


@dataclass(frozen=True)
class Col:
    name: str
    label: object
    accessor: str = ""  # dotted path from the row; the name by default
    # The sheet's value of a row; by default the accessor's value: a choice's label, money in `money`,
    # 是/否 for a boolean, dates and numbers as they are.
    value: Callable | None = None
    # The page's text of a row (escaped), when it is not the display of the value.
    text: Callable | None = None
    # The page's HTML of a row (already safe, e.g. from format_html), for a cell drawn in code.
    render: Callable | None = None
    template: str = ""  # a cell template, rendered with `row` (and the page's context)
    template_vars: Callable | None = None  # more names for the cell template, from the row
    money: str = ""  # "万元" or "亿元": the value is in 元, shown and exported in this unit
    badge: bool = False  # the choice's label on its colour ({% choice_badge %})
    link: bool | str = False  # True: the row's page; "unit": the page of the row's unit
    sample: bool = False  # a 示例数据 badge after the text of sample rows
    after: Callable | None = None  # safe HTML after the (linked) text, from the row: badges
    date_format: str = ""  # for dates and times; "Y-m-d" and "Y-m-d H:i" by default
    default: str = ""  # shown on the page for an empty value
    sort: str = ""  # the field ?sort=<name> orders by; empty: not sortable
    end: bool = False  # right-aligned: numbers
    css: str = ""  # the cell's classes
    css_of: Callable | None = None  # more classes from the row
    style: str = ""  # the cell's inline style
    html: bool = True
    # On a phone each row is a card: "title" heads it (by default the first column linking to the
    # row's page, else the first column), "line" shows the column as a labelled line, "hide" leaves
    # it off the card (the table and the sheet keep it).
    card: str = "line"
    export: bool = True
    export_label: object = ""
    width: int = 16
    number_format: str = ""  # the sheet's number format (core.money.PP_NUMBER_FORMAT for points)

    def __post_init__(self):
        assert not self.money or self.money in MONEY_UNITS, self.money
        assert self.card in CARD_ROLES, self.card

    @property
    def path(self) -> str:
        return self.accessor or self.name

    @property
    def sheet_label(self):
        return self.export_label or self.label

    def raw(self, row):
        return resolve(row, self.path)

    # The sheet ------------------------------------------------------------------------------------

    def sheet_value(self, row):
        if self.value is not None:
            return self.value(row)
        parent, name = _parent_and_name(row, self.path)
        if parent is None:
            return None
        display = getattr(parent, f"get_{name}_display", None)
        if display is not None:
            return str(display()) if getattr(parent, name) not in (None, "") else ""
        value = getattr(parent, name)
        if self.money:
            return to_unit(value, self.money)
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if value is None or isinstance(value, (int, Decimal, date, str)):
            return value
        return str(value)

    # The page -------------------------------------------------------------------------------------

    def td_class(self, row) -> str:
        classes = [c for c in (self.css, "text-end" if self.end else "", self.css_of(row) if self.css_of else "") if c]
        return " ".join(classes)

    def cell(self, row, context=None) -> SafeString:
        if self.template:
            return self._template_cell(row, context)
        if self.render is not None:
            html = conditional_escape(self.render(row))
        elif self.badge:
            parent, name = _parent_and_name(row, self.path)
            html = choice_badge(parent, name) if parent is not None else ""
        else:
            text = self.text(row) if self.text is not None else self.display_of(row)
            html = conditional_escape(text if text not in (None, "") else self.default)
        url = self._url(row)
        if url and html:
            html = format_html('<a href="{}">{}</a>', url, html)
        if self.sample and getattr(row, "is_sample", False):
            html = format_html('{} <span class="badge text-bg-light">{}</span>', html, _("示例数据"))
        if self.after is not None:
            html = format_html("{}{}", html, self.after(row))
        return mark_safe(html)

    def display_of(self, row) -> str:
        """The page's text of the row's value: a choice's label, never its code."""
        parent, name = _parent_and_name(row, self.path)
        if parent is None:
            return ""
        label = getattr(parent, f"get_{name}_display", None)
        if label is not None:
            return label() if getattr(parent, name) not in (None, "") else ""
        return self.display(getattr(parent, name))

    def display(self, value) -> str:
        """A value as the page writes it: money in the column's unit, 是/否, local dates."""
        if value is None or value == "":
            return ""
        if self.money:
            amount = to_unit(value, self.money)
            return f"{amount:,.2f}"
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return dateformat.format(value, self.date_format or "Y-m-d H:i")
        if isinstance(value, date):
            return dateformat.format(value, self.date_format or "Y-m-d")
        return value

    def _url(self, row) -> str:
        if not self.link:
            return ""
        target = row if self.link is True else resolve(row, self.link)
        return target.get_absolute_url() if target is not None else ""

    def _template_cell(self, row, context) -> SafeString:
        names = {"row": row, "col": self, **(self.template_vars(row) if self.template_vars else {})}
        if context is None:
            return mark_safe(render_to_string(self.template, names))
        template = context.template.engine.get_template(self.template)
        with context.push(**names):
            return mark_safe(template.render(context))


@dataclass
class Table:
    """The columns of one list, the text of its empty state and, optionally, a template drawn above it."""

    columns: Sequence[Col]
    empty: object = gettext_lazy("没有记录。")
    above: str = ""  # a template drawn above the table (e.g. the colour filters)
    tiebreak: tuple[str, ...] = ("pk",)  # after a sort column, to keep pages stable
    _names: dict = field(init=False, repr=False)

    def __post_init__(self):
        self._names = {c.name: c for c in self.columns}
        assert len(self._names) == len(self.columns), "column names repeat"

    @property
    def html_columns(self) -> list[Col]:
        return [c for c in self.columns if c.html]

    @property
    def card_title(self) -> str:
        """The name of the column that heads a row's card on a phone."""
        shown = self.html_columns
        titled = [c for c in shown if c.card == "title"] or [c for c in shown if c.link is True]
        return (titled or shown or [Col("", "")])[0].name

    @property
    def sheet_cols(self) -> list[Col]:
        return [c for c in self.columns if c.export]

    def html_headers(self) -> list[str]:
        return [str(c.label) for c in self.html_columns]

    def sheet_headers(self) -> list[str]:
        return [str(c.sheet_label) for c in self.sheet_cols]

    def sheet_columns(self) -> list[Column]:
        """The columns for core.tabular's workbook."""
        return [Column(c.sheet_label, c.sheet_value, c.width, c.number_format) for c in self.sheet_cols]

    def order(self, queryset, sort: str):
        """`queryset` ordered by ?sort=<name> or ?sort=-<name> of a sortable column; unchanged otherwise."""
        col = self._names.get(sort.lstrip("-"))
        if col is None or not col.sort:
            return queryset
        return queryset.order_by(f"-{col.sort}" if sort.startswith("-") else col.sort, *self.tiebreak)
