"""`quzhi demo`: load the demo data of every app, in dependency order. Safe to run again."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "载入演示数据（可重复运行）并打印演示账号。"

    def handle(self, *args, **options):
        logins = []
        configs = [c for c in apps.get_app_configs() if find_spec(f"{c.name}.demo") is not None]
        for n, config in enumerate(configs, start=1):
            self.stdout.write(f"[{n}/{len(configs)}] {config.verbose_name}")
            module = import_module(f"{config.name}.demo")
            module.load(self.stdout)
            logins.extend(getattr(module, "LOGINS", []))
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。演示账号（用户名 / 密码 / 角色 / 单位）："))
        for username, password, role, where in logins:
            self.stdout.write(f"  {username:<14} {password:<16} {role:<10} {where}")
