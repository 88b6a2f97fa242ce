"""The ranges numbers typed by users must fall in. Pure: no Django.

A year, month or page number outside them is refused at the edge (form, filter, API schema,
import) with a message naming the field, before it reaches a query or a calendar walk.
"""

MIN_YEAR = 2000  # the years plans, reports and targets can be about (as the models' validators)
MAX_YEAR = 2100
MAX_WORKDAYS = 365  # a time limit in working days: at most about a year and a half
MAX_PAGE = 100_000  # far beyond any real list, far below an integer that overflows a query's OFFSET
