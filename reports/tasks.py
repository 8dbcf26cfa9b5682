"""Background tasks of the reports app (Django's tasks API through django-tasks).

The worker is started with ``manage.py db_worker`` (``make run`` and ``make worker`` start it).
"""

from __future__ import annotations

from django_tasks import task

from reports.builds import document_build_run


@task()
def build_document(build_id: int) -> str:
    """Render one queued DocumentBuild and return its final status."""
    build = document_build_run(build_id=build_id)
    return build.status if build is not None else "skipped"
