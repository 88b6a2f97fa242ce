import pytest
from hypothesis import given
from hypothesis import strategies as st

from org.codes import CREDIT_ALPHABET, CodeError, division_level, division_parent_prefix, make_credit_code
from org.codes import validate_credit_code as check


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("410000", "province"),
        ("410800", "city"),
        ("410804", "county"),
        ("410871", "county"),
        ("410804002000", "town"),
        ("410804002201", "village"),
    ],
)
def test_it_reads_the_level_of_a_division_code(code, level):
    assert division_level(code) == level


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "6位"),
        ("41080", "6位"),
        ("4108040", "6位"),
        ("41080400200", "6位"),
        ("41O804", "6位"),
        ("990804", "省级"),
        ("410004", "第3–4位"),
        ("410800002000", "前6位应为县级"),
        ("410804000000", "不能为000"),
    ],
)
def test_it_rejects_malformed_division_codes(code, message):
    with pytest.raises(CodeError, match=message):
        division_level(code)


def test_it_gives_the_prefix_children_must_share():
    assert division_parent_prefix("410800") == "4108"
    assert division_parent_prefix("410804") == "410804"
    assert division_parent_prefix("410804002000") == "410804002"


def test_it_accepts_real_credit_codes():
    # A published code, and the same with spaces, hyphen and lower case as people type them.
    assert check("91110000600037341L") == "91110000600037341L"
    assert check(" 9111 0000-6000 3734 1l ") == "91110000600037341L"


def test_it_accepts_codes_of_non_business_registrars():
    # Village collectives (N) and others (Y) start with letters; a digits-only rule rejects them.
    for first17 in ("N2410804MA0000001", "Y1410804MA0000001", "12410800MB1234567"):
        assert check(make_credit_code(first17)) == make_credit_code(first17)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110000600037341M", "校验位"),
        ("9111000060003734IL", "不允许的字符：I"),
        ("9111000060003734OL", "不允许的字符：O"),
        ("91110000600037341", "18位，现为17位"),
        ("911100006000373411L", "18位，现为19位"),
        ("X1110000600037341L", "第1位"),
        ("90110000600037341L", "第2位"),
        ("9111A000600037341L", "第3–8位"),
        ("", "18位，现为0位"),
    ],
)
def test_it_rejects_bad_credit_codes_naming_the_fault(code, message):
    with pytest.raises(CodeError, match=message):
        check(code)


body = st.text(alphabet=sorted(CREDIT_ALPHABET), min_size=10, max_size=10)


@given(authority=st.sampled_from("123456789ABCDEFGNY"), category=st.sampled_from("123456789Y"), rest=body)
def test_it_accepts_every_code_with_a_correct_check_character(authority, category, rest):
    code = make_credit_code(authority + category + "410804" + rest[:9])
    assert check(code) == code


@given(rest=body, position=st.integers(min_value=8, max_value=16), replacement=st.sampled_from(sorted(CREDIT_ALPHABET)))
def test_it_catches_any_single_changed_character(rest, position, replacement):
    code = make_credit_code("91410804" + rest[:9])
    if code[position] == replacement:
        return
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(CodeError, match="校验位"):
        check(changed)
