import math
import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from breakingeven.images import CropPosition, PictureField
from breakingeven.markup import MarkdownField, MarkupTooDeep, render_checked, render_markdown
from breakingeven.validators import no_control_characters

WORDS_PER_MINUTE = 230
SEARCH_CONFIG = "english"
# A run of minus signs (spaces and other operators between them) is a chain of negations, and
# PostgreSQL's query parser refuses 33 or more in a row ("tsquery stack too small").
NEGATIONS = re.compile(r"-(?:[\s!&|()<>]*-)+")


def search_document():
    """The weighted full-text document of an article: title, then standfirst, then body.

    On PostgreSQL a trigger stores it as a SearchDocument whenever an article is written
    (migration 0004 compiles this expression into the trigger): changing it here needs a
    migration that replaces the trigger and refreshes the stored documents.
    """
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_markdown", weight="C", config=SEARCH_CONFIG)
    )


class Author(models.Model):
    name = models.CharField(max_length=120, validators=[no_control_characters])
    slug = models.SlugField(max_length=140, unique=True)
    bio = models.TextField(blank=True)
    photo = PictureField(
        upload_to="authors/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        widths=(96, 192, 288, 480),
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_alt = models.CharField(max_length=200, blank=True)
    user = models.OneToOneField(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="The staff account this author writes with, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True, validators=[no_control_characters])
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published, and its publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def with_live(self):
        """Each article with `live`: whether readers see it now, by published()'s own rule."""
        return self.annotate(live=Exists(self.model.objects.published().filter(pk=OuterRef("pk"))))

    def summaries(self):
        """Articles as lists and cards show them: with their author, without their text.

        The Markdown and its HTML are by far the widest columns; lists never show them, and
        reading them from PostgreSQL's compressed storage costs more than the rest of the row.
        """
        return self.defer("body_markdown", "body_html").select_related("author")

    def scheduled(self):
        """Published by the editor, but their publication time is still to come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def next_publication(self):
        """When the next scheduled article goes live (None if none is scheduled): the moment
        the published set changes without anyone saving anything."""
        return self.scheduled().aggregate(moment=models.Min("published_at"))["moment"]

    def search(self, terms):
        """Articles matching `terms`, best first.

        PostgreSQL ranks a weighted full-text match; other databases (SQLite in development)
        fall back to every word appearing somewhere in the title, standfirst or body.
        """
        if connections[self.db].vendor == "postgresql":
            # The run means what its parity says: excluded once (odd) or not at all (even).
            terms = NEGATIONS.sub(lambda run: "-" if run[0].count("-") % 2 else " ", terms)
            query = SearchQuery(terms, search_type="websearch", config=SEARCH_CONFIG)
            return (
                self.alias(document=F("search_document__document"))
                .filter(document=query)
                .annotate(rank=SearchRank(F("document"), query))
                .order_by("-rank", "-published_at", "-id")
            )
        matches = self
        for word in terms.split():
            matches = matches.filter(
                Q(title__icontains=word) | Q(dek__icontains=word) | Q(body_markdown__icontains=word)
            )
        return matches.order_by("-published_at", "-id")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200, validators=[no_control_characters])
    slug = models.SlugField(
        max_length=220,
        unique=True,
        help_text="The article's address. Changed later, links to the old one still work.",
    )
    dek = models.CharField(
        "standfirst",
        max_length=300,
        blank=True,
        validators=[no_control_characters],
        help_text="One or two sentences under the title.",
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    body_markdown = MarkdownField(
        "body",
        help_text=(
            "Markdown: ## headings (each gets a link anchor), - lists, | tables |, "
            "```fenced code```, footnotes with [^1], and [links](https://…). Raw HTML is "
            "cleaned: scripts, styles, frames and event handlers are removed."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    reading_minutes = models.PositiveSmallIntegerField(editable=False, default=1)
    hero_image = PictureField(
        upload_to="heroes/",
        blank=True,
        width_field="hero_width",
        height_field="hero_height",
        crop_field="hero_crop",
        help_text="A JPEG, PNG, WebP or AVIF picture, as large as you have it: the site makes "
        "the smaller sizes, turns it upright and removes its camera data (place, date, device).",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_crop = models.CharField(
        "crop for sharing",
        max_length=10,
        choices=CropPosition,
        default=CropPosition.CENTER,
        blank=True,
        help_text="The part of the picture that link previews (1200×630) keep.",
    )
    hero_alt = models.CharField(
        "hero image alt text",
        max_length=250,
        blank=True,
        help_text="Describe the image for readers who cannot see it.",
    )
    hero_caption = models.CharField(max_length=250, blank=True)
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        validators=[no_control_characters],
        help_text="For search engines; the standfirst is used if empty.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="With the status Published, a time in the future schedules the article; "
        "a draft stays a draft whatever the time.",
    )
    revised_at = models.DateTimeField(
        "last revised",
        null=True,
        blank=True,
        editable=False,
        help_text="Set when readers' text or picture changes after publication.",
    )
    comment_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Approved comments, kept by the comments app."
    )
    # Kept in step with Vote rows by articles.services.vote_cast, so that lists need no joins.
    helpful_yes = models.PositiveIntegerField(default=0, editable=False)
    helpful_no = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    # What a reader sees; changing one of these after publication shows "Updated <date>".
    REVISION_FIELDS = ("title", "dek", "body_markdown", "hero_image", "hero_alt", "hero_caption")

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="article_hero_has_alt_text",
                violation_error_message="A hero image needs alt text.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        derived = set()
        # What clean() rendered, if it ran for this save: used only for the very same text.
        cleaned_text, cleaned_html = self.__dict__.pop("_rendered", (None, ""))
        if update_fields is None or "body_markdown" in update_fields:
            # Rendered once here so that readers never pay for Markdown.
            same = cleaned_text == self.body_markdown
            self.body_html = cleaned_html if same else render_markdown(self.body_markdown)
            words = len(self.body_markdown.split())
            self.reading_minutes = max(1, math.ceil(words / WORDS_PER_MINUTE))
            derived |= {"body_html", "reading_minutes"}
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
            derived.add("published_at")
        if self._is_revision(update_fields):
            self.revised_at = timezone.now()
            derived.add("revised_at")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *derived}
        moved_from = getattr(self, "_as_loaded", {}).get("slug")
        super().save(*args, **kwargs)
        if self.slug != moved_from and (update_fields is None or "slug" in update_fields):
            self._slug_taken(previous=moved_from)
        self._remember_as_loaded()

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        article = super().from_db(db, field_names, values, **kwargs)
        article._remember_as_loaded()
        return article

    def _slug_taken(self, *, previous):
        """Keep the article's address until now working, and take this one over from any
        article that had it before."""
        FormerSlug.objects.filter(slug=self.slug).delete()
        if previous:
            FormerSlug.objects.update_or_create(slug=previous, defaults={"article": self})

    def _remember_as_loaded(self):
        # Only fields already in __dict__: touching a deferred one would cost a query.
        fields = (*self.REVISION_FIELDS, "slug")
        self._as_loaded = {name: self.__dict__[name] for name in fields if name in self.__dict__}

    def _is_revision(self, update_fields=None):
        """True when a change readers will notice is saved over an already public article."""
        loaded = getattr(self, "_as_loaded", {})
        saved = self.REVISION_FIELDS if update_fields is None else update_fields
        changed = any(
            name in loaded and _as_read(getattr(self, name)) != _as_read(loaded[name])
            for name in self.REVISION_FIELDS
            if name in saved
        )
        # Asked only of a change: until this save, the database holds what readers see.
        return changed and type(self).objects.published().filter(pk=self.pk).exists()

    def clean(self):
        errors = {}
        if self.hero_image and not self.hero_alt.strip():
            errors["hero_alt"] = "Describe the hero image for readers who cannot see it."
        try:
            html, directive_problems = render_checked(self.body_markdown)
        except MarkupTooDeep as error:
            errors["body_markdown"] = [str(error)]
        else:
            if directive_problems:
                errors["body_markdown"] = directive_problems
            # Kept for save(): a form's save then renders the text (and its directives'
            # figures) once, not twice.
            self._rendered = (self.body_markdown, html)
        if errors:
            raise ValidationError(errors)

    @property
    def description(self):
        return self.meta_description or self.dek

    @property
    def helpful_votes(self):
        return self.helpful_yes + self.helpful_no

    @property
    def helpful_percent(self):
        """Share of Yes votes, rounded; None before the first vote."""
        if not self.helpful_votes:
            return None
        return round(100 * self.helpful_yes / self.helpful_votes)


def _as_read(value):
    """A text as readers get it: the admin's form strips it and browsers send CRLF lines."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class FormerSlug(models.Model):
    """An address an article had before its slug changed: links to it already out there, in
    sent newsletters and on other sites, are sent on to the article."""

    slug = models.SlugField(max_length=220, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_slugs")
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.slug


class SearchDocument(models.Model):
    """An article's search_document(), written by PostgreSQL itself (see migration 0004).

    A trigger on articles keeps it in step with every write, whatever makes it (save,
    QuerySet.update, bulk_create, raw SQL), so it is never stale. It has a narrow table of its
    own, with each document kept in its row where it fits: a search reads the documents of all
    matching articles, and fetching each from TOAST storage made that several times slower,
    while in the article's own row it would keep counter updates (votes, comments) from being
    cheap in-place (HOT) updates. Empty on SQLite, where search uses a plain fallback.
    """

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    document = SearchVectorField()

    class Meta:
        # As the admin lists it when an article is deleted, with what goes along.
        verbose_name = "search index entry"
        verbose_name_plural = "search index entries"

    def __str__(self):
        return str(self.article)


class Vote(models.Model):
    """One reader's answer to "Was this helpful?" for one article; a second answer replaces it."""

    NOTE_MAX_LENGTH = 500

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    voter_id = models.CharField(
        max_length=64, help_text="Random id from the reader's signed cookie; not a person."
    )
    helpful = models.BooleanField()
    note = models.TextField(
        "what was missing", max_length=NOTE_MAX_LENGTH, blank=True, help_text="Optional, with No."
    )
    counted = models.BooleanField(
        default=True,
        help_text="Left out of the article's counts: one visitor voting again and again "
        "without the voter cookie, which would otherwise count each time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["article", "voter_id"], name="one_vote_per_reader")
        ]

    def __str__(self):
        return f"{'Yes' if self.helpful else 'No'} on {self.article_id}"
