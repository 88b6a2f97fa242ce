from celery import shared_task


@shared_task
def run_job(job_id: int) -> None:
    """A background job (core.jobs): an export or an import's commit."""
    from .jobs import run

    run(job_id)
