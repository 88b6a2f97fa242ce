"""`quzhi setup`: the first run of a new site — the top unit and the first platform administrator."""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.context import acting_as
from org import actions, codes
from org.models import Role, Unit, User
from org.roles import ensure_roles

FIELD_LABELS = {"name": "单位名称", "code": "区划代码", "username": "用户名", "password": "密码"}


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(
            f"{FIELD_LABELS.get(field, field)}：{' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "新站点初始化：设置顶级单位（地市名称和 GB/T 2260 区划代码）和第一个平台管理员账号。只能执行一次。"

    def add_arguments(self, parser):
        parser.add_argument("--unit-name", help="顶级单位名称，如 焦作市")
        parser.add_argument("--unit-code", help="顶级单位的地市级区划代码，如 410800")
        parser.add_argument("--username", help="平台管理员的用户名")
        parser.add_argument("--name", default="", help="平台管理员的姓名（可选）")
        parser.add_argument(
            "--password-env",
            metavar="VARIABLE",
            help="从这个环境变量读取平台管理员的密码（不在命令行上写密码）",
        )
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="不提问；缺少的选项即报错")

    def handle(self, *args, **options):
        self.interactive = options["interactive"]
        if Unit.objects.exists() or User.objects.exists():
            raise CommandError(
                "本站点已经初始化（已有单位或用户），quzhi setup 只能在空数据库上执行一次。"
                "请用已有的平台管理员账号登录，在“组织架构”和“用户”中继续维护。"
            )
        unit_name = self.ask(options["unit_name"], "顶级单位名称（如 焦作市）：", "--unit-name")
        unit_code = self.ask(options["unit_code"], "区划代码（地市级六位，如 410800）：", "--unit-code", check=_city)
        username = self.ask(options["username"], "平台管理员用户名：", "--username")
        password = self.password(options["password_env"], username)
        ensure_roles(Role)
        try:
            with transaction.atomic():
                admin = actions.bootstrap_admin(username=username, password=password, name=options["name"])
                with acting_as(admin):
                    unit = actions.create_top_unit(actor=admin, name=unit_name, code=unit_code)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已初始化：顶级单位“{unit.name}”（{unit.code}），平台管理员 {admin.username}。"
                "现在可以启动网站并用这个账号登录。"
            )
        )

    def ask(self, value, prompt: str, option: str, check=None) -> str:
        while True:
            if value is None or not str(value).strip():
                if not self.interactive:
                    raise CommandError(f"缺少 {option}。")
                value = input(prompt)
            value = str(value).strip()
            problem = check(value) if check and value else None
            if value and not problem:
                return value
            if not self.interactive:
                raise CommandError(problem or f"缺少 {option}。")
            self.stderr.write(problem or "不能为空。")
            value = None

    def password(self, variable: str | None, username: str) -> str:
        candidate = User(username=username)
        if variable:
            value = os.environ.get(variable, "")
            if not value:
                raise CommandError(f"环境变量 {variable} 没有设置或为空。")
            try:
                validate_password(value, candidate)
            except ValidationError as exc:
                raise CommandError("密码不符合要求：" + " ".join(exc.messages)) from exc
            return value
        if not self.interactive:
            raise CommandError("缺少 --password-env：不提问时须从环境变量读取密码。")
        while True:
            value = getpass.getpass("密码：")
            if value != getpass.getpass("再输入一次："):
                self.stderr.write("两次输入的密码不一致。")
                continue
            try:
                validate_password(value, candidate)
            except ValidationError as exc:
                self.stderr.write("密码不符合要求：" + " ".join(exc.messages))
                continue
            return value


def _city(code: str) -> str | None:
    try:
        level = codes.division_level(code)
    except codes.CodeError as exc:
        return str(exc)
    if level != codes.LEVEL_CITY:
        return "顶级单位是地市，区划代码应为地市级六位代码（后两位为00，如 410800）。"
    return None
