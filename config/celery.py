"""Celery app: used only when CELERY_BROKER_URL is set; otherwise tasks run inline."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("quzhi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
