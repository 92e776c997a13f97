from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class SiteConfig(AppConfig):
    """The project package itself, for the deployment checks it adds."""

    name = "breakingeven"
    verbose_name = "BreakingEven"

    def ready(self):
        from . import checks  # noqa: F401 (registers the checks)


class ThrottledAdminConfig(AdminConfig):
    """Django's admin, with a sign-in that refuses attempts after too many failures."""

    default_site = "breakingeven.admin.SiteAdmin"
