from django import template

from ..gbt9704 import Heading, Table, heading_number

register = template.Library()


@register.simple_tag
def numbered(blocks):
    """(kind, number, block) for the page, numbered as the .docx numbers its headings:
    一、 （一） 1. （1）, each level restarting under the one above."""
    counters = [0, 0, 0, 0]
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            level = block.level
            counters[level - 1] += 1
            for deeper in range(level, 4):
                counters[deeper] = 0
            out.append(("heading", heading_number(level, counters[level - 1]), block))
        elif isinstance(block, Table):
            out.append(("table", "", block))
        else:
            out.append(("paragraph", "", block))
    return out
