import pytest

from core.context import acting_as

from .peers import HTTPReceiver, SMTPServer, serving


@pytest.fixture
def smtp(settings):
    with serving(SMTPServer()) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.server_address[1]
        settings.QUZHI_NOTIFY_EMAIL = True
        settings.QUZHI_SITE_URL = "https://quzhi.example.gov.cn"
        settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 0
        yield server


@pytest.fixture
def robot(settings):
    with serving(HTTPReceiver()) as server:
        settings.QUZHI_DELIVERY_BACKOFF_SECONDS = 0
        settings.QUZHI_SITE_URL = "https://quzhi.example.gov.cn"
        yield server


def reopen(world, task, capture):
    from supervision import actions as task_actions

    with acting_as(world.users["anyang"]):
        task_actions.complete_task(actor=world.users["anyang"], task=task, note="已完成")
    with acting_as(world.users["admin"]), capture(execute=True):
        task_actions.reopen_task(actor=world.users["admin"], task=task, reason="资料不全")


@pytest.fixture
def reopen_answered(world, tasks, settings, django_capture_on_commit_callbacks):
    """Reopen a task while a robot answers (status, answer) at `path`, the setting `webhook` pointing
    there; the robot, stopped, with what it received."""

    def reopen_answered(webhook: str, path: str, *, retries: int = 0, **answer) -> HTTPReceiver:
        with serving(HTTPReceiver(**answer)) as receiver:
            setattr(settings, webhook, receiver.url + path)
            settings.QUZHI_DELIVERY_RETRIES, settings.QUZHI_DELIVERY_BACKOFF_SECONDS = retries, 0
            reopen(world, tasks["anyang"], django_capture_on_commit_callbacks)
        return receiver

    return reopen_answered
