import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Q
from django.db.models.functions import MD5, Coalesce, Greatest, Lower
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .text import find_links, render_comment

NAME_MAX_LENGTH = 80
EMAIL_MAX_LENGTH = 254  # EmailField's default: the longest address RFC 5321 allows
BODY_MAX_LENGTH = 5000

# Long enough to spot a returning spammer or a repeated duplicate; then the hash goes.
VISITOR_HASH_RETENTION = timedelta(days=90)
# What readers see in place of a commenter who asked for their personal data to be erased.
ERASED_NAME = "Former reader"


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def visible(self):
        """What readers see: approved, and a reply only while its thread's first comment is."""
        return self.approved().filter(Q(parent=None) | Q(parent__status=Comment.Status.APPROVED))

    def threads_for(self, article):
        """An article's approved top-level comments, oldest first, each with its approved
        replies, oldest first, in `visible_replies`."""
        replies = models.Prefetch(
            "replies",
            queryset=self.model.objects.approved().for_readers().order_by("created_at", "pk"),
            to_attr="visible_replies",
        )
        return (
            self.approved()
            .filter(article=article, parent=None)
            .for_readers()
            .order_by(models.F("pinned_at").desc(nulls_last=True), "created_at", "pk")
            .prefetch_related(replies)
        )

    def for_readers(self):
        """What the comments under an article show, and nothing else: never the address or the
        visitor hash, and not the Markdown source, only its rendered HTML."""
        return self.only("parent", "name", "body_html", "is_author", "created_at", "pinned_at")

    def recently_active_threads(self):
        """Approved top-level comments on published articles, latest activity first.

        A thread is active when its first comment or one of its replies was approved.
        """
        approved_replies = Q(replies__status=Comment.Status.APPROVED)
        return (
            self.approved()
            .filter(parent=None, article__in=Article.objects.published())
            .annotate(
                reply_count=Count("replies", filter=approved_replies),
                active_at=Greatest(
                    Coalesce(Max("replies__approved_at", filter=approved_replies), "approved_at"),
                    "approved_at",
                ),
            )
            .select_related("article")
            .order_by("-active_at", "-pk")
        )

    def awaiting_editor(self):
        """What the moderation queue lists: held comments, and published ones readers reported.

        The reported ids are read first (open reports are few): as a subquery, PostgreSQL
        checked it for every approved comment instead of using the index of statuses.
        """
        reported = set(Report.objects.open().values_list("comment_id", flat=True))
        return self.filter(
            Q(status=Comment.Status.PENDING) | Q(status=Comment.Status.APPROVED, pk__in=reported)
        )

    def visitor_hash_expired(self, *, now=None):
        """Comments whose visitor hash has been kept for VISITOR_HASH_RETENTION or longer."""
        cutoff = (now or timezone.now()) - VISITOR_HASH_RETENTION
        return self.filter(created_at__lte=cutoff).exclude(ip_hash="")

    def by_same_commenters(self):
        """Every comment written from the addresses of these comments, whatever their case."""
        addresses = {email.lower() for email in self.values_list("email", flat=True) if email}
        return self.model.objects.alias(email_lower=Lower("email")).filter(
            Q(pk__in=self.values("pk")) | Q(email_lower__in=addresses)
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    # Indexed through the composite index below, which starts with it.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The top-level comment this replies to; replies are one level deep.",
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH, help_text="Never shown on the site.")
    body = models.TextField("comment", max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False, blank=True)
    link_count = models.PositiveSmallIntegerField(editable=False, default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    held_reason = models.CharField(
        max_length=200, blank=True, help_text="Why the comment was not published at once."
    )
    notify_on_reply = models.BooleanField(
        "email on reply", default=False, help_text="The commenter asked to hear about replies."
    )
    is_author = models.BooleanField(
        "author",
        default=False,
        help_text="Posted by the article's author or by staff while signed in.",
    )
    ip_hash = models.CharField(
        "visitor hash", max_length=64, blank=True, help_text="A keyed hash, never the address."
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(
        null=True, blank=True, help_text="When the comment was first approved."
    )
    pinned_at = models.DateTimeField(
        "pinned",
        null=True,
        blank=True,
        editable=False,
        help_text="A pinned thread is shown first on its article, latest pinned first.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"], name="comment_article_page"),
            models.Index(fields=["status", "-created_at"], name="comment_moderation"),
            models.Index(fields=["email", "-created_at"], name="comment_by_email"),
            # Spam checks on every post: the same text again, and a commenter's approved past.
            models.Index(MD5("body"), name="comment_body_digest"),
            models.Index(
                fields=["email"], condition=Q(status="approved"), name="comment_approved_email"
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.article}"

    def save(self, *args, **kwargs):
        # Rendered once here so that readers never pay for it.
        self.body_html = render_comment(self.body)
        self.link_count = len(find_links(self.body))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "link_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    def wants_email_about(self, reply):
        """Whether this comment's author asked to hear of `reply` (and did not write it)."""
        return self.notify_on_reply and self.email != reply.email


class ReportQuerySet(models.QuerySet):
    def open(self):
        """Reports no editor has decided on yet."""
        return self.filter(decided_at=None)

    def answer(self):
        """An editor decided on the comments: only later reports count towards hiding them."""
        return self.open().update(decided_at=timezone.now())


class Report(models.Model):
    """A reader's report of a published comment; one per visitor and comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Rude, hateful or a personal attack"
        PRIVATE = "private", "Shares someone's private details"
        OFF_TOPIC = "off-topic", "Off topic"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=Reason)
    visitor = models.CharField(
        "visitor hash", max_length=64, help_text="A keyed hash, never the address."
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When an editor decided on the comment after it."
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "visitor"], name="report_once_per_visitor")
        ]
        indexes = [
            models.Index(fields=["comment"], condition=Q(decided_at=None), name="report_open")
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: comment {self.comment_id}"


DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*")
ADDRESS = re.compile(r"[^@\s]+@[^@\s]+")
VISITOR = re.compile(r"[0-9a-f]{64}")  # ratelimit.visitor_hash()


class BlockListEntry(models.Model):
    class Kind(models.TextChoices):
        ADDRESS = "address", "Email address"
        DOMAIN = "domain", "Domain (email or link)"
        WORD = "word", "Word or phrase"
        VISITOR = "visitor", "Visitor hash"

    kind = models.CharField(max_length=10, choices=Kind)
    value = models.CharField(
        max_length=254,
        help_text="Matched without regard to case. A domain also matches its subdomains.",
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        "blocks until", null=True, blank=True, help_text="Empty: for ever."
    )

    class Meta:
        verbose_name = "block list entry"
        verbose_name_plural = "block list"
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blocklist_unique_entry")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def trips(self, text):
        """Whether this entry, a candidate for a comment (comments.spam), blocks its `text`."""
        if self.kind != BlockListEntry.Kind.WORD:
            return True  # an address, domain or visitor entry matched the comment already
        return re.search(rf"(?<!\w){re.escape(self.value)}(?!\w)", text, re.IGNORECASE) is not None

    def clean(self):
        # Stored lower-case so that matching can use plain equality and the unique check holds.
        self.value = self.value.strip().lower()
        # Comments are matched by their address's domain or a link's host, and by the whole
        # address: a domain written as "@spam.example" or a link, or an address without its @,
        # would be stored and never block anything.
        if self.value and self.kind == self.Kind.DOMAIN and not DOMAIN.fullmatch(self.value):
            raise ValidationError(
                {"value": "Enter the domain alone, such as spam.example: no @, https:// or path."}
            )
        if self.value and self.kind == self.Kind.ADDRESS and not ADDRESS.fullmatch(self.value):
            raise ValidationError({"value": "Enter a whole address, such as name@spam.example."})
        if self.value and self.kind == self.Kind.VISITOR and not VISITOR.fullmatch(self.value):
            raise ValidationError(
                {"value": "Copy the visitor hash from a comment: IP addresses are never stored."}
            )
