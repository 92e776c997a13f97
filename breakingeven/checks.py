"""Deployment checks (`manage.py check --deploy`) for what would break once there are several
processes or hosts."""

import email.utils

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .emails import is_placeholder_domain

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


# What each sender setting signs; a placeholder domain in either is refused in production.
SENDERS = {
    "DEFAULT_FROM_EMAIL": "Every email the site sends comes from {address}, with a Message-ID in "
    "{domain}",
    "SERVER_EMAIL": "Error reports come from {address}",
}


@register(deploy=True)
def check_sender(app_configs, **kwargs):
    """Mail from a placeholder domain is refused or filed as spam, and replies go nowhere."""
    problems = []
    for name, sends in SENDERS.items():
        display_name, address = email.utils.parseaddr(getattr(settings, name))
        domain = address.rpartition("@")[2]
        if is_placeholder_domain(domain):
            problems.append(
                Error(
                    sends.format(address=address or "no address", domain=domain or "no domain")
                    + ": a domain reserved for examples and local use, which mail providers "
                    "refuse or file as spam.",
                    hint=f'Set {name}, e.g. "BreakingEven <newsletter@your-own-domain>".',
                    id="breakingeven.E003",
                )
            )
        elif name == "DEFAULT_FROM_EMAIL" and not display_name:
            problems.append(
                Warning(
                    f"{name} has no display name, so inboxes show the bare address.",
                    hint=f'Set {name}="BreakingEven <{address}>".',
                    id="breakingeven.W003",
                )
            )
    return problems
