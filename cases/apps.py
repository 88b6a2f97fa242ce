from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.navigation import Item, Section


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("惠企服务与微网格")
    todo = "cases.todo.groups"
    home_panels = ["cases.todo.enterprise_panel"]
    home_summaries = "cases.queries.home_summaries"
    reminders = "cases.reminders.reminders"  # cases near or past their limit, to the handling unit
    navigation = Section(
        icon="chat-square-text",
        order=45,
        items=[
            Item(_("我的待办"), "cases:inbox", check="core.scope.works_in_units", bottom=1, icon="inbox"),
            Item(_("服务诉求"), "cases:case-list", bottom=5, icon="chat-square-text"),
            Item(_("提交诉求"), "cases:case-create", check="cases.queries.may_submit", bottom=4, icon="plus-circle"),
            Item(_("办理绩效"), "cases:metrics", check="core.scope.oversees_units"),
            Item(
                _("首席服务官"),
                "cases:officer-list",
                check="core.scope.oversees_units",
                bottom=3,
                icon="calendar-check",
            ),
            Item(_("敲门行动"), "cases:household-list", check="core.scope.works_in_units", bottom=2, icon="door-open"),
            Item(_("诉求类型"), "cases:type-list", check="core.scope.is_platform_admin"),
        ],
    )

    def ready(self) -> None:
        from core import recompute

        from . import actions, queries

        recompute.register(
            recompute.Source("cases", _("服务诉求"), queries.deadline_moves, actions.apply_deadline_moves)
        )
        from notices import urging

        from .choices import CaseState
        from .models import Case

        # 催办 a case while its handling unit holds it (待签收, 办理中): those who may dispatch and
        # close it (the manager's role of cases.flow) urge the handling unit.
        urging.register(
            urging.Urgeable(
                model=Case,
                may=lambda user, case: "manager" in queries.roles_of(user, case),
                units=lambda case: [case.handler_unit],
                is_closed=lambda case: case.state not in (CaseState.DISPATCHED, CaseState.HANDLING),
                visible=queries.visible_cases,
            )
        )
