from django import template

from ..gbt9704 import Heading, Table, numbered

register = template.Library()


@register.simple_tag(name="numbered")
def numbered_blocks(blocks):
    """(kind, number, block) for the page: numbered by the renderer's own rule."""
    kinds = {Heading: "heading", Table: "table"}
    return [(kinds.get(type(block), "paragraph"), number, block) for block, number in numbered(blocks)]
