from . import navigation


def navigation_context(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": [], "nav_bottom": []}
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    sections = []
    checked = {}  # each check asked once per page
    for section in navigation.sections():
        if not navigation.section_allowed(user, section, checked):
            continue
        items = [i for i in section.items if navigation.allowed(user, i, checked)]
        if items:
            sections.append({"section": section, "items": items, "active": any(i.url_name == current for i in items)})
    return {"nav_sections": sections, "nav_current": current, "nav_bottom": navigation.bottom_items(user, sections)}
