"""One tag draws a coloured badge, with the colour its field's ChoiceSet gives."""

import re
from pathlib import Path
from types import SimpleNamespace

from django.apps import apps
from django.template.loader import render_to_string
from django.utils import translation

from core.choices import ChoiceSet, choice_set_of
from core.models import AuditAction, AuditEntry

ROOT = Path(__file__).resolve().parents[2]
# A badge whose colour a template chooses itself: `text-bg-{% if …` or `class="badge {% if … %}text-bg-…`.
WORKED_OUT = re.compile(r'text-bg-\{%|class="[^"]*\bbadge\b[^"]*\{%\s*(if|elif|else)\b[^"]*text-bg-')


def test_a_field_finds_the_choice_set_its_choices_come_from():
    from indicators.choices import TargetKind as IndicatorTargetKind
    from indicators.models import Target
    from supervision.choices import IndicatorBasis, TargetKind
    from supervision.models import ResponsibilityTarget

    assert choice_set_of(AuditEntry, "action") is AuditAction
    assert choice_set_of(Target, "kind") is IndicatorTargetKind
    assert choice_set_of(ResponsibilityTarget, "kind") is TargetKind
    assert choice_set_of(ResponsibilityTarget, "basis") is IndicatorBasis
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            found = field.choices and choice_set_of(model, field.name)
            if found:
                assert [v for v, _ in found.choices] == [v for v, _ in field.flatchoices]


def badge(template: str, **context) -> str:
    with translation.override("zh-hans"):
        return render_to_string(template, context).strip()


def test_the_audit_badge_takes_the_colours_of_audit_action():
    for action in AuditAction:
        html = badge("core/_audit_action.html", e=AuditEntry(action=action, verb=""))
        assert f'class="badge text-bg-{action.color}">{action.label}</span>' in html
    assert AuditAction.EXPORT.color == "info"  # the template drew exports grey before


def test_the_status_badges_read_label_and_colour_from_their_sets():
    assert badge("cases/_colour.html", s=SimpleNamespace(colour="red")) == (
        '<span class="badge text-bg-danger">已超期</span>'
    )
    html = badge("supervision/_colour.html", s=SimpleNamespace(colour="blue", fallback=False))
    assert html == '<span class="badge text-bg-info">蓝色提醒</span>'
    html = badge("projects/_warning.html", w=SimpleNamespace(colour="yellow", reasons=["甲", "乙"]))
    assert html == '<span class="badge text-bg-warning" title="甲；乙">黄</span>'
    assert badge("indicators/_colour.html", c="green") == '<span class="badge text-bg-success">达标</span>'
    assert badge("indicators/_colour.html", c="") == ""


def test_no_template_works_out_a_badge_colour_itself():
    assert WORKED_OUT.search("<span class=\"badge {% if d.state == 'sent' %}text-bg-success{% endif %}\">")
    assert WORKED_OUT.search('<span class="badge text-bg-{% if on %}success{% endif %}">')
    assert not WORKED_OUT.search('{% if flag %} <span class="badge text-bg-light">样例</span>{% endif %}')
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/templates/**/*.html")
        if WORKED_OUT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    assert not any(hasattr(m, "choice_sets") for m in apps.get_models())
    assert issubclass(AuditAction, ChoiceSet)


def test_a_sentence_takes_the_colour_of_its_verdict():
    from django.template import Context, Template

    template = Template(
        '{% load quzhi %}{% choice_badge verdict choices="supervision.choices.Verdict" label=sentence %}'
    )
    html = template.render(Context({"verdict": "short", "sentence": "40辆，未完成"}))
    assert html == '<span class="badge text-bg-danger">40辆，未完成</span>'
    html = template.render(Context({"verdict": "exceeded", "sentence": "<b>"}))
    assert html == '<span class="badge text-bg-success">&lt;b&gt;</span>'


def test_a_member_carries_its_colour_and_stays_what_textchoices_makes():
    from projects.choices import Stage

    assert AuditAction.EXPORT == "export" and AuditAction.EXPORT.label == "导出"
    assert AuditAction.LOGIN.color == "secondary"  # a member given no colour is grey
    assert AuditAction.colors() == {"create": "success", "update": "primary", "delete": "danger", "export": "info"}
    assert Stage.choices[0] == ("planning", "谋划")
    assert Stage.color_of("building") == "primary" and Stage.color_of("unknown") == "secondary"
