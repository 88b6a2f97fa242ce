from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

CLASSES = (
    ("lower", str.islower),
    ("upper", str.isupper),
    ("digit", str.isdigit),
    # Anything but ASCII letters and digits counts as a symbol (Chinese characters included).
    ("symbol", lambda ch: not (ch.isascii() and ch.isalnum())),
)


def character_classes(password: str) -> int:
    return sum(1 for _name, test in CLASSES if any(test(ch) for ch in password))


class CharacterClassValidator:
    """Require characters from several classes (lower, upper, digit, symbol)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        return ngettext(
            "密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。",
            "密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。",
            self.min_classes,
        ) % {"n": self.min_classes}
