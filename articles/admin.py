from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from breakingeven.images import renditions_build

from .models import Article, Author, Tag, Vote
from .views import render_article_page


class NamedWithArticlesAdmin(admin.ModelAdmin):
    """Authors and tags: a name, a slug filled from it, and how many articles they have."""

    list_display = ["name", "slug", "article_count"]
    # Said here, not left to Meta.ordering, which Django drops from the counting (GROUP BY)
    # query: the tag and author pickers on the article form page through an ordered list.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


admin.site.register(Author, NamedWithArticlesAdmin)
admin.site.register(Tag, NamedWithArticlesAdmin)


class VisibilityFilter(admin.SimpleListFilter):
    """Status alone cannot tell a live article from one scheduled for later."""

    title = "visibility"
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("scheduled", "Scheduled"), ("draft", "Draft")]

    def queryset(self, request, queryset):
        if self.value() == "live":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 30})}}
    list_display = [
        "title",
        "visibility",
        "published_at",
        "comments",
        "yes",
        "no",
        "helpful_share",
        "preview_link",
    ]
    list_filter = [VisibilityFilter, "author", "tags"]
    search_fields = ["title", "dek", "body_markdown"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "tags"]
    date_hierarchy = "published_at"
    actions = ["publish", "unpublish"]
    readonly_fields = ["reader_feedback", "comment_count", "revised_at", "former_addresses"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dek", "body_markdown"]}),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_caption", "hero_crop"]}),
        ("Publication", {"fields": ["status", "published_at", "author", "tags", "revised_at"]}),
        ("Search engines and sharing", {"fields": ["meta_description", "former_addresses"]}),
        ("Readers", {"fields": ["reader_feedback", "comment_count"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "hero_crop" in form.changed_data and obj.hero_image:
            # The picture is already stored: make the card for the new crop now, as a new
            # upload's would be, so that no reader's request ever has to.
            renditions_build(obj.hero_image)

    def get_queryset(self, request):
        return super().get_queryset(request).with_live()

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Votes are read-only so that an article's counters stay exact; they go with it.
        perms_needed.discard(Vote._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author is not None:
            initial.setdefault("author", author.pk)
        return initial

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path("<path:object_id>/preview/", preview, name="articles_article_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The article exactly as readers will see it, drafts and scheduled ones included."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return render_article_page(request, article, preview=True)

    def get_view_on_site_url(self, obj=None):
        # "View on site" opens the preview, which also works before publication.
        if obj is None or obj.pk is None:
            return None
        return reverse("admin:articles_article_preview", args=[obj.pk])

    @admin.display(description="visibility", ordering="status")
    def visibility(self, article):
        if article.status == Article.Status.DRAFT:
            return "Draft"
        return "Live" if article.live else "Scheduled"

    # Short headings keep the list readable beside long titles.
    @admin.display(description="comments", ordering="comment_count")
    def comments(self, article):
        return article.comment_count

    @admin.display(description="yes", ordering="helpful_yes")
    def yes(self, article):
        return article.helpful_yes

    @admin.display(description="no", ordering="helpful_no")
    def no(self, article):
        return article.helpful_no

    @admin.display(description="helpful")
    def helpful_share(self, article):
        percent = article.helpful_percent
        return "—" if percent is None else f"{percent}%"

    @admin.display(description="preview")
    def preview_link(self, article):
        url = reverse("admin:articles_article_preview", args=[article.pk])
        return format_html('<a href="{}">Preview</a>', url)

    @admin.display(description="was this helpful?")
    def reader_feedback(self, article):
        if article.pk is None or not article.helpful_votes:
            return "No answers yet."
        notes = reverse("admin:articles_vote_changelist") + f"?article__id__exact={article.pk}"
        return format_html(
            '{} Yes, {} No ({}% found it helpful). <a href="{}">Read the answers and notes</a>',
            article.helpful_yes,
            article.helpful_no,
            article.helpful_percent,
            notes,
        )

    @admin.display(description="earlier addresses")
    def former_addresses(self, article):
        slugs = [] if article.pk is None else article.former_slugs.values_list("slug", flat=True)
        if not slugs:
            return "None yet: when the slug changes, links to the old address still work."
        paths = [reverse("articles:detail", kwargs={"slug": slug}) for slug in slugs]
        return format_html("{}: links to them send readers here.", ", ".join(sorted(paths)))

    @admin.action(
        description="Publish selected articles (a future time still schedules)",
        permissions=["change"],
    )
    def publish(self, request, queryset):
        changed = self._set_status(request, queryset, Article.Status.PUBLISHED)
        now = timezone.now()
        scheduled = sum(article.published_at > now for article in changed)
        # An article with a future time is not yet visible: "published" would mislead.
        said = []
        if scheduled < len(changed) or not changed:
            said.append(f"Published {len(changed) - scheduled} article(s).")
        if scheduled:
            said.append(
                f"Scheduled {scheduled} article(s) for their future publication time; "
                "readers see them from then."
            )
        self.message_user(request, " ".join(said), messages.SUCCESS)

    @admin.action(description="Unpublish selected articles (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        changed = self._set_status(request, queryset, Article.Status.DRAFT)
        self.message_user(
            request, f"Moved {len(changed)} article(s) back to draft.", messages.SUCCESS
        )

    def _set_status(self, request, queryset, status):
        """The articles whose status changed."""
        # Saved one by one, like an edit in the form: save() fills in a missing publication
        # time, and each change lands in the article's history.
        changed = []
        for article in queryset.exclude(status=status):
            article.status = status
            article.save(update_fields=["status", "updated_at"])
            self.log_change(request, article, [{"changed": {"fields": ["Status"]}}])
            changed.append(article)
        return changed


class HasNoteFilter(admin.SimpleListFilter):
    title = "note"
    parameter_name = "has_note"

    def lookups(self, request, model_admin):
        return [("yes", "With a note"), ("no", "Without a note")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(note="")
        if self.value() == "no":
            return queryset.filter(note="")
        return queryset


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Readers' answers, read-only: editors read them, and the counters stay exact."""

    list_display = ["answer", "note", "article", "counted", "updated_at"]
    list_display_links = ["note"]
    list_filter = [HasNoteFilter, "helpful", "counted", "article"]
    list_select_related = ["article"]
    search_fields = ["note", "article__title"]
    fields = ["article", "answer", "note", "counted", "created_at", "updated_at"]
    readonly_fields = fields
    date_hierarchy = "updated_at"

    @admin.display(description="helpful?", boolean=True, ordering="helpful")
    def answer(self, vote):
        return vote.helpful

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
