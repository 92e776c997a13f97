from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"

    def ready(self):
        from anymail.signals import tracking

        from .webhooks import record_tracking_event

        tracking.connect(record_tracking_event, dispatch_uid="newsletter-bounces")
