from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.encoding import punycode

from articles.models import Article
from breakingeven.markup import MarkdownField, render_checked


def normalize_email(address):
    """The one stored form of an address: trimmed, domain lowercased and IDNA-encoded.

    The local part keeps its case (a few servers honour it); uniqueness ignores case through
    the constraint on Lower(email). Raises ValueError for a domain that cannot be encoded.
    """
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return address.strip()
    return f"{local}@{punycode(domain.lower())}"


class SubscriberQuerySet(models.QuerySet):
    def for_email(self, address):
        """The subscriber with this (normalised) address, whatever its case."""
        return self.alias(email_lower=Lower("email")).filter(email_lower=address.lower())

    def pending(self):
        return self.filter(status=Subscriber.Status.PENDING)

    def confirmed(self):
        """Who receives issues: confirmed, and not suppressed after a bounce or complaint."""
        return self.filter(status=Subscriber.Status.CONFIRMED).exclude(is_suppressed("email"))

    def unconfirmed_before(self, moment):
        """Pending requests nobody confirmed since `moment`."""
        return self.pending().filter(requested_at__lt=moment)


# Where an erased subscriber's address points (services.subscribers_erase): nowhere.
ERASED_DOMAIN = "erased.invalid"


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    signup_page = models.CharField(
        "signed up on", max_length=200, blank=True, help_text="The page the signup came from."
    )
    created_at = models.DateTimeField("first signup", default=timezone.now)
    requested_at = models.DateTimeField(
        "last asked to subscribe",
        default=timezone.now,
        help_text="Pending requests older than 30 days are purged.",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField("last confirmation email", null=True, blank=True)
    confirmations_sent = models.PositiveSmallIntegerField("confirmation emails sent", default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_subscriber_email_unique",
                violation_error_message="This address is already on the list.",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]

    def __str__(self):
        return self.email

    @property
    def is_erased(self):
        return self.email.endswith(f"@{ERASED_DOMAIN}")

    def confirmable_by(self, link_sent_at):
        """Whether a confirmation link sent at `link_sent_at` is for this subscriber's request.

        An unsubscribe ends a request: its links must not sign the reader up again, only a
        link sent for a new request may. (None: an old link that carries no time.)
        """
        if self.status == self.Status.UNSUBSCRIBED:
            return False
        if self.unsubscribed_at is None:
            return True
        return link_sent_at is not None and link_sent_at > self.unsubscribed_at


def published_articles():
    """Only articles readers can open may be announced (limits the admin's article picker)."""
    return Q(pk__in=Article.objects.published().values("pk"))


class IssueQuerySet(models.QuerySet):
    def with_progress(self):
        """Delivery counts on each issue, in one query for a whole list of issues."""
        status = Delivery.Status
        return self.annotate(
            sent_count=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
            waiting_count=Count(
                "deliveries", filter=Q(deliveries__status__in=[status.WAITING, status.SENDING])
            ),
        )


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=200)
    body_markdown = MarkdownField(
        "body", blank=True, help_text="Markdown. Optional when the issue announces articles."
    )
    body_html = models.TextField(editable=False, blank=True)
    articles = models.ManyToManyField(
        "articles.Article",
        blank=True,
        related_name="newsletter_issues",
        limit_choices_to=published_articles,
        verbose_name="announce these articles",
        help_text="Each one appears with its picture, title, standfirst and link.",
    )

    class ArticleText(models.TextChoices):
        EXCERPT = "excerpt", "An excerpt: the standfirst and opening paragraphs, then a link"
        FULL = "full", "The full text of each article"

    article_text = models.CharField(
        "articles appear as",
        max_length=8,
        choices=ArticleText,
        default=ArticleText.EXCERPT,
        help_text="Full texts make a long email; Gmail cuts off one over 100 KB.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    sending_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = IssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        # Rendered once here, like articles, so 10,000 emails don't render Markdown 10,000 times.
        self.render_body()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def render_body(self):
        """The body's HTML as the email shows it: without heading anchors, which lead nowhere
        in an inbox. Returns a message about each directive that names nothing, if any."""
        self.body_html, problems = render_checked(self.body_markdown, permalinks=False)
        return problems

    def announced_articles(self):
        """The chosen articles readers can still open, newest first."""
        return self.articles.published().order_by("-published_at")

    def progress(self):
        return self.deliveries.progress()

    def outcome(self):
        """What became of the issue's copies once sent, as mail servers and providers said:
        each count is of copies, so a copy bounced twice counts once."""
        events = MailEvent.objects.filter(delivery=OuterRef("pk"))
        kinds = {
            "delivered": MailEvent.Kind.DELIVERED,
            "hard_bounced": MailEvent.Kind.HARD_BOUNCE,
            "soft_bounced": MailEvent.Kind.SOFT_BOUNCE,
            "complained": MailEvent.Kind.COMPLAINT,
        }
        deliveries = self.deliveries.annotate(
            **{f"has_{name}": Exists(events.filter(kind=kind)) for name, kind in kinds.items()}
        )
        # Who left between this issue and the next one sent.
        after = Q(subscriber__unsubscribed_at__gte=self.sending_started_at or self.created_at)
        following = (
            Issue.objects.filter(sending_started_at__gt=self.sending_started_at)
            .order_by("sending_started_at")
            .values_list("sending_started_at", flat=True)
            .first()
            if self.sending_started_at
            else None
        )
        if following:
            after &= Q(subscriber__unsubscribed_at__lt=following)
        sent = Q(status=Delivery.Status.SENT)
        return deliveries.aggregate(
            sent=Count("pk", filter=sent),
            **{name: Count("pk", filter=Q(**{f"has_{name}": True})) for name in kinds},
            unsubscribed=Count("pk", filter=sent & after),
            failed=Count("pk", filter=Q(status=Delivery.Status.FAILED)),
        )


class DeliveryQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=Delivery.Status.WAITING)

    def abandoned(self, *, stale_before):
        """Claimed by a worker that has not finished them in time: it died."""
        return self.filter(status=Delivery.Status.SENDING, claimed_at__lt=stale_before)

    def unfinished(self):
        return self.filter(status__in=[Delivery.Status.WAITING, Delivery.Status.SENDING])

    def progress(self):
        """Counts by outcome; 'waiting' includes deliveries being sent right now."""
        status = Delivery.Status
        counts = self.aggregate(
            total=Count("pk"),
            sent=Count("pk", filter=Q(status=status.SENT)),
            failed=Count("pk", filter=Q(status=status.FAILED)),
            skipped=Count("pk", filter=Q(status=status.SKIPPED)),
            waiting=Count("pk", filter=Q(status__in=[status.WAITING, status.SENDING])),
        )
        counts["done"] = counts["total"] - counts["waiting"]
        return counts


class Delivery(models.Model):
    """One issue to one subscriber: the record that makes sending exactly-once.

    waiting -> sending (claimed by a worker) -> sent | failed, or skipped when the subscriber
    left before their turn. newsletter/sending.py describes the protocol.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (unsubscribed or suppressed)"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    claim = models.UUIDField(null=True, blank=True, help_text="The worker run that holds it.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "subscriber"], name="newsletter_delivery_once_per_subscriber"
            )
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self):
        return f"{self.issue} to {self.subscriber}"


class SuppressionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)

    def of(self, addresses):
        """Active suppressions of any of `addresses`, whatever their case."""
        return self.active().filter(email__in=[suppression_key(a) for a in addresses])


def suppression_key(address):
    """The form a suppressed address is stored and matched in: normalised, lowercased."""
    return normalize_email(address).lower()


def deliverable(addresses):
    """`addresses` without the suppressed ones: the one check before any mail goes out."""
    suppressed = set(Suppression.objects.of(addresses).values_list("email", flat=True))
    return [a for a in addresses if suppression_key(a) not in suppressed]


def is_suppressed(email_field):
    """A condition on the outer query: the address in `email_field` gets no mail at all."""
    return Exists(Suppression.objects.active().filter(email=Lower(OuterRef(email_field))))


class Suppression(models.Model):
    """An address that gets no more mail of any kind, after a bounce or a spam complaint.

    One row per address. An editor lifts it with a note; a new hard bounce or complaint
    suppresses the address again.
    """

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        COMPLAINT = "complaint", "Spam complaint"
        SOFT_BOUNCES = "soft_bounces", "Repeated soft bounces"

    email = models.EmailField(max_length=254, unique=True, help_text="Stored lowercased.")
    reason = models.CharField(max_length=12, choices=Reason)
    provider = models.CharField(max_length=40, help_text="Who reported it: SMTP, Postmark, …")
    event_id = models.CharField("provider's event id", max_length=200, blank=True)
    detail = models.TextField(blank=True, help_text="The provider's or mail server's words.")
    suppressed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lift_note = models.TextField(
        "why it was lifted",
        blank=True,
        help_text="Write why the address may get mail again (the reader asked, the mailbox "
        "is fixed), then save: that lifts the suppression.",
    )

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        ordering = ["-suppressed_at", "-id"]

    def __str__(self):
        return self.email


class MailEvent(models.Model):
    """A delivery, bounce or complaint as a provider reported it, kept once.

    The unique (provider, event_id, email) makes a replayed webhook change nothing twice;
    soft bounces are counted from these rows.
    """

    class Kind(models.TextChoices):
        DELIVERED = "delivered", "Delivered"
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        SOFT_BOUNCE = "soft_bounce", "Soft bounce"
        COMPLAINT = "complaint", "Spam complaint"

    provider = models.CharField(max_length=40)
    delivery = models.ForeignKey(
        "Delivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text="The copy of an issue it is about, when the provider says.",
    )
    event_id = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind)
    email = models.EmailField(max_length=254, help_text="Stored lowercased.")
    message_id = models.CharField(max_length=300, blank=True)
    detail = models.TextField(blank=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            # One notification may name several recipients (SES), each an event of its own.
            models.UniqueConstraint(
                fields=["provider", "event_id", "email"], name="newsletter_mailevent_once"
            )
        ]
        indexes = [models.Index(fields=["email", "kind", "occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.email}"
