from django import template

from cases import masking

register = template.Library()


@register.filter
def mask_name(value: str | None) -> str:
    """张**: resident names as lists show them."""
    return masking.mask_name(value)
