import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Value, When
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from . import services
from .models import BlockListEntry, Comment, Report
from .moderation import AlreadyDecided, Decision, commenter_history, decide

QUEUE_PAGE_SIZE = 20

DONE = {
    Decision.Choice.APPROVE: "Approved the comment by {name}.",
    Decision.Choice.SPAM: "Marked the comment by {name} as spam.",
    Decision.Choice.REMOVE: "Removed the comment by {name}.",
    Decision.Choice.REPLY: "Approved the comment by {name} and published your reply.",
    Decision.Choice.BLOCK: "Blocked {name} and marked the comment as spam.",
}

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def moderate_action(status, label, done):
    def action(modeladmin, request, queryset):
        changed = services.comments_moderate(comments=queryset, status=status)
        Report.objects.filter(comment__in=queryset).answer()
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
    list_filter = [
        "status",
        "is_author",
        "notify_on_reply",
        "created_at",
        ("pinned_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "article__title"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = [
        moderate_action(Comment.Status.APPROVED, "Approve selected comments", "approved"),
        moderate_action(Comment.Status.SPAM, "Mark selected comments as spam", "marked as spam"),
        moderate_action(Comment.Status.REMOVED, "Remove selected comments", "removed"),
        "pin",
        "unpin",
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
        "pinned_at",
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
        "pinned_at",
        "ip_hash",
    ]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("queue/", view(self.queue_view), name="comments_comment_queue"),
            path(
                "queue/<int:pk>/",
                view(require_POST(self.decide_view)),
                name="comments_comment_decide",
            ),
            *super().get_urls(),
        ]

    def queue_view(self, request):
        """Held and reported comments, oldest first, each in full with what an editor needs."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        open_reports = Prefetch("reports", Report.objects.open(), to_attr="open_reports")
        held = (
            Comment.objects.awaiting_editor()
            .select_related("article__author", "parent")
            .prefetch_related(open_reports)
            .defer("article__body_markdown", "article__body_html")
            .order_by("created_at", "pk")
        )
        page = Paginator(held, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
        comments = list(page)
        history = commenter_history(comments)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Moderation queue",
            "page": page,
            "held": [(comment, history[comment.pk]) for comment in comments],
            "can_decide": self.has_change_permission(request),
            "block_choices": Decision.base_fields["block"].choices,
            "block_days_choices": Decision.base_fields["block_days"].choices,
        }
        return TemplateResponse(request, "admin/comments/comment/queue.html", context)

    def decide_view(self, request, pk):
        """One decision on one held comment, from the queue: a redirect back to it with a
        message, or, for the queue's script (Accept: application/json), the message alone."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        comment = Comment.objects.select_related("article__author").filter(pk=pk).first()
        if comment is None:
            return self._decided(
                request, "That comment no longer exists: another editor deleted it.", 404
            )
        form = Decision(request.POST, comment=comment)
        if not form.is_valid():
            errors = [error for field in form.errors.values() for error in field]
            return self._decided(request, " ".join(errors), 400)
        try:
            reply = decide(comment=comment, decision=form, user=request.user)
        except services.CommentRefused as refusal:
            return self._decided(request, str(refusal), 400)
        except AlreadyDecided:
            return self._decided(
                request,
                f"Nothing changed: another editor has already decided on the comment by "
                f"{comment.name} (it is {comment.get_status_display().lower()} now).",
                409,
            )
        done = DONE[form.cleaned_data["decision"]].format(name=comment.name)
        if reply is not None and reply.status != Comment.Status.APPROVED:
            done = (
                f"Approved the comment by {comment.name}. Your reply waits in the queue: "
                f"{reply.held_reason}"
            )
        return self._decided(request, done, 200)

    def _decided(self, request, message, status):
        level = messages.SUCCESS if status == 200 else messages.WARNING
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"message": message}, status=status)
        self.message_user(request, message, level)
        queue = reverse("admin:comments_comment_queue")
        page = request.POST.get("page", "")
        return redirect(f"{queue}?{urlencode({'page': page})}" if page.isdigit() else queue)

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
        if "status" in form.changed_data:
            # A decision, as in the queue: only later reports count towards hiding it again.
            obj.reports.answer()

    def delete_model(self, request, obj):
        services.comments_delete(comments=[obj])

    def delete_queryset(self, request, queryset):
        services.comments_delete(comments=queryset)

    @admin.action(description="Pin selected comments on their articles", permissions=["change"])
    def pin(self, request, queryset):
        count = services.comments_pin(comments=queryset)
        self.message_user(
            request,
            f"Pinned {count} comment(s): they show first on their articles. Only approved "
            "first comments of threads can be pinned.",
            messages.SUCCESS,
        )

    @admin.action(description="Unpin selected comments", permissions=["change"])
    def unpin(self, request, queryset):
        count = services.comments_pin(comments=queryset, pinned=False)
        self.message_user(request, f"Unpinned {count} comment(s).", messages.SUCCESS)

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
    list_display = ["value", "kind", "note", "created_at", "expires_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
