"""Residents' names and phone numbers as lists and exports show them: 张** and 138****5678. Pure."""


def mask_name(name: str | None) -> str:
    """The family name and stars for the rest (at least two): 张**, 欧阳**."""
    name = (name or "").strip()
    if not name:
        return ""
    keep = 2 if len(name) >= 4 else 1  # 欧阳 and other two-character family names
    return name[:keep] + "*" * max(len(name) - keep, 2)


def mask_phone(phone: str | None) -> str:
    """138****5678: the first three and the last four digits."""
    digits = (phone or "").strip()
    if not digits:
        return ""
    if len(digits) < 7:
        return digits[0] + "*" * (len(digits) - 1)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
