import pytest
from django.core.exceptions import ValidationError

from core.passwords import CharacterClassValidator, character_classes


@pytest.mark.parametrize(
    ("password", "classes"),
    [("abcdefgh", 1), ("abcdEFGH", 2), ("abcd1234", 2), ("Abcd1234", 3), ("Ab1!", 4), ("密码密码", 1)],
)
def test_it_counts_character_classes(password, classes):
    assert character_classes(password) == classes


def test_it_rejects_passwords_with_too_few_classes():
    validator = CharacterClassValidator(min_classes=3)
    with pytest.raises(ValidationError, match="至少 3 类"):
        validator.validate("abcdefgh1234")
    validator.validate("Abcdefgh1234")


def test_it_applies_the_configured_rules(db):
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError) as exc:
        validate_password("short1A")
    assert any("太短" in m or "short" in m for m in exc.value.messages)
    validate_password("Longer-Passw0rd")
