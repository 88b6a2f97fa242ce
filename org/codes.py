"""Validation of national codes. Pure functions, no Django.

- Administrative division codes (GB/T 2260): six digits for provinces, cities and counties;
  the statistical division code extends them to twelve digits for towns (9 + "000") and
  villages/communities (12).
- Unified social credit codes (GB 32100-2015): 18 characters with a check character,
  validated by python-stdnum.
"""

import re

from stdnum.cn import uscc

# Province-level prefixes in use (GB/T 2260).
PROVINCES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
}  # fmt: skip

LEVEL_PROVINCE = "province"
LEVEL_CITY = "city"
LEVEL_COUNTY = "county"
LEVEL_TOWN = "town"
LEVEL_VILLAGE = "village"


class CodeError(ValueError):
    """A code that is not well-formed; the message says why, in Chinese."""


def division_level(code: str) -> str:
    """Validate a 6- or 12-digit division code and return its level.

    >>> division_level("410804")
    'county'
    """
    code = (code or "").strip()
    if not re.fullmatch(r"\d{6}|\d{12}", code):
        raise CodeError("区划代码应为6位（县级及以上）或12位（乡镇、村级统计用代码）数字。")
    if code[:2] not in PROVINCES:
        raise CodeError(f"区划代码前两位“{code[:2]}”不是有效的省级代码。")
    if len(code) == 6:
        if code[2:] == "0000":
            return LEVEL_PROVINCE
        if code[4:] == "00":
            return LEVEL_CITY
        if code[2:4] == "00":
            raise CodeError("县级区划代码的第3–4位（地市）不能为00。")
        return LEVEL_COUNTY
    county, town, village = code[:6], code[6:9], code[9:]
    if county[4:] == "00" or county[2:4] == "00":
        raise CodeError("12位区划代码的前6位应为县级代码。")
    if town == "000":
        raise CodeError("12位区划代码的第7–9位（乡镇）不能为000。")
    return LEVEL_TOWN if village == "000" else LEVEL_VILLAGE


def division_parent_prefix(code: str) -> str:
    """The part of the code a child's code must start with (e.g. a district's six digits)."""
    level = division_level(code)
    return {
        LEVEL_PROVINCE: code[:2],
        LEVEL_CITY: code[:4],
        LEVEL_COUNTY: code[:6],
        LEVEL_TOWN: code[:9],
        LEVEL_VILLAGE: code,
    }[level]


# GB 32100-2015: registration authority (1–9, A–G, N, Y), institution category (1–9, Y),
# six digits of the registering authority's division code, the 9-character organisation code,
# and a check character. python-stdnum's own validate() requires the first eight characters
# to be digits, which rejects valid codes such as those of village collectives (N…), so the
# format is checked here and only the check-character arithmetic comes from stdnum.
CREDIT_ALPHABET = set("0123456789ABCDEFGHJKLMNPQRTUWXY")
REGISTRATION_AUTHORITIES = set("123456789ABCDEFGNY")
INSTITUTION_CATEGORIES = set("123456789Y")


def validate_credit_code(code: str) -> str:
    """Return the normalised 统一社会信用代码, or raise CodeError naming what is wrong."""
    compact = re.sub(r"[\s\-]", "", code or "").upper()
    if len(compact) != 18:
        raise CodeError(f"统一社会信用代码应为18位，现为{len(compact)}位。")
    bad = sorted({ch for ch in compact if ch not in CREDIT_ALPHABET})
    if bad:
        raise CodeError(f"统一社会信用代码含有不允许的字符：{''.join(bad)}（不使用 I、O、Z、S、V）。")
    if compact[0] not in REGISTRATION_AUTHORITIES:
        raise CodeError(f"统一社会信用代码第1位（登记管理部门）“{compact[0]}”无效。")
    if compact[1] not in INSTITUTION_CATEGORIES:
        raise CodeError(f"统一社会信用代码第2位（机构类别）“{compact[1]}”无效。")
    if not compact[2:8].isdigit():
        raise CodeError("统一社会信用代码第3–8位应为登记管理机关行政区划代码（数字）。")
    if compact[-1] != uscc.calc_check_digit(compact):
        raise CodeError("统一社会信用代码校验位不正确。")
    return compact


def make_credit_code(first17: str) -> str:
    """Append the check character to 17 characters (used to build test and demo codes)."""
    return first17 + uscc.calc_check_digit(first17 + "0")
