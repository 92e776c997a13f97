import csv

from django.contrib import admin, messages
from django.db.models import Case, Value, When
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import Truncator

from . import services
from .models import BlockListEntry, Comment

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def moderate_action(status, label, done):
    def action(modeladmin, request, queryset):
        changed = services.comments_moderate(comments=queryset, status=status)
        modeladmin.message_user(
            request, f"{changed} comment{'s' if changed != 1 else ''} {done}.", messages.SUCCESS
        )

    action.__name__ = f"mark_{status}"
    return admin.action(description=label, permissions=["change"])(action)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "status",
        "name",
        "author_badge",
        "email",
        "excerpt",
        "article_title",
        "link_count",
        "held_reason",
        "created_at",
    ]
    list_display_links = ["name"]
    list_filter = ["status", "is_author", "notify_on_reply", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "article__title"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = [
        moderate_action(Comment.Status.APPROVED, "Approve selected comments", "approved"),
        moderate_action(Comment.Status.SPAM, "Mark selected comments as spam", "marked as spam"),
        moderate_action(Comment.Status.REMOVED, "Remove selected comments", "removed"),
        "export_csv",
        "erase_personal_data",
        "erase_personal_data_and_text",
    ]
    fields = [
        "article",
        "parent",
        "status",
        "name",
        "email",
        "body",
        "notify_on_reply",
        "is_author",
        "held_reason",
        "link_count",
        "created_at",
        "approved_at",
        "ip_hash",
    ]
    readonly_fields = [
        "article",
        "parent",
        "is_author",
        "held_reason",
        "link_count",
        "created_at",
        "approved_at",
        "ip_hash",
    ]

    def get_ordering(self, request):
        # The queue: what awaits moderation first, newest first within each group.
        pending_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
        return [pending_first.asc(), "-created_at", "-pk"]

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description="article", ordering="article__title")
    def article_title(self, comment):
        return Truncator(comment.article.title).chars(40)

    @admin.display(description="", ordering="is_author", empty_value="")
    def author_badge(self, comment):
        return "Author" if comment.is_author else ""

    def view_on_site(self, comment):
        # A held comment has no public permalink yet: show where it would appear.
        if comment.status == Comment.Status.APPROVED:
            return comment.get_absolute_url()
        return f"{comment.article.get_absolute_url()}#comments"

    def has_add_permission(self, request):
        # Comments come from readers; editors reply on the article page, signed in.
        return False

    def save_model(self, request, obj, form, change):
        services.comment_update(comment=obj, status=form.cleaned_data["status"])

    def delete_model(self, request, obj):
        services.comments_delete(comments=[obj])

    def delete_queryset(self, request, queryset):
        services.comments_delete(comments=queryset)

    @admin.action(
        description="Erase personal data of the selected commenters", permissions=["change"]
    )
    def erase_personal_data(self, request, queryset):
        erased = services.commenters_erase(comments=queryset)
        self.message_user(
            request,
            f"Erased the name, address and visitor hash in {erased} comment(s) from the "
            "selected commenters. Their text stays, signed as a former reader.",
            messages.SUCCESS,
        )

    @admin.action(
        description="Erase personal data and remove all comments of the selected commenters",
        permissions=["change"],
    )
    def erase_personal_data_and_text(self, request, queryset):
        erased = services.commenters_erase(comments=queryset, remove_text=True)
        self.message_user(
            request,
            f"Erased and removed {erased} comment(s) from the selected commenters.",
            messages.SUCCESS,
        )

    @admin.action(description="Export selected comments as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        stamp = timezone.now().strftime("%Y-%m-%d")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="comments-{stamp}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "id",
                "created_at",
                "status",
                "article",
                "article_url",
                "parent_id",
                "name",
                "email",
                "comment",
                "links",
                "held_reason",
                "author",
                "email_on_reply",
            ]
        )
        for comment in queryset.select_related("article").order_by("created_at", "pk"):
            writer.writerow(
                [
                    comment.pk,
                    comment.created_at.isoformat(),
                    comment.status,
                    spreadsheet_safe(comment.article.title),
                    comment.article.get_absolute_url(),
                    comment.parent_id or "",
                    spreadsheet_safe(comment.name),
                    spreadsheet_safe(comment.email),
                    spreadsheet_safe(comment.body),
                    comment.link_count,
                    comment.held_reason,
                    comment.is_author,
                    comment.notify_on_reply,
                ]
            )
        return response


@admin.register(BlockListEntry)
class BlockListEntryAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
