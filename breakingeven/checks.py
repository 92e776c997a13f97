"""Deployment checks (`manage.py check --deploy`) for what would break once there are several
processes or hosts."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Rate limits and cached sessions must be seen by every gunicorn worker and host."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Warning(
                f"The default cache ({backend}) lives inside one process: each gunicorn "
                "worker would keep its own rate limits and cached sessions.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                id="breakingeven.W001",
            )
        ]
    return []


@register(deploy=True)
def check_tasks_are_queued(app_configs, **kwargs):
    """Background work (newsletter sending) must not run inside a web request in production."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == "django.tasks.backends.immediate.ImmediateBackend":
        return [
            Warning(
                "Background tasks run inside web requests: sending a newsletter issue would "
                "hold the editor's request until every email is out.",
                hint="Set TASKS_BACKEND=database and run `make worker`.",
                id="breakingeven.W002",
            )
        ]
    return []
