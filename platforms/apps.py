from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "platforms"

    def ready(self):
        from django.db.backends.signals import connection_created

        from breakingeven import pagecache
        from breakingeven.markup import register_directive

        from . import directives, sqlite

        # Platform pages and the Tier List show platforms and the editor's tiers; pay tables
        # name task types and credential levels, in their order.
        pagecache.watch(
            self.get_model("Platform"),
            self.get_model("CurrencyRate"),
            self.get_model("TaskType"),
            self.get_model("CredentialLevel"),
        )
        register_directive("pay", directives.pay_table)
        register_directive("tierlist", directives.tier_list)
        connection_created.connect(sqlite.add_percentile)
