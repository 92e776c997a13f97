from functools import partial

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from . import services, tasks
from .csv_files import export_response, failures_response, import_confirmed
from .emails import IssueContent
from .forms import IssueForm, SubscriberImportForm
from .models import Delivery, Issue, MailEvent, Subscriber, Suppression

# The admin previews an issue as a desktop mail program and a phone show it.
PREVIEW_WIDTHS = (600, 375)
PREVIEW_EMAIL_CSP = {
    "default-src": [CSP.NONE],
    "img-src": [*settings.SECURE_CSP["img-src"], settings.SITE_URL],
    "style-src": [CSP.UNSAFE_INLINE],
    "frame-ancestors": [CSP.SELF],
    "sandbox": ["allow-popups", "allow-popups-to-escape-sandbox"],
}


def _day(moment):
    """Dates in the list as '3 Mar 2026': the full time is on the subscriber's page."""
    return date_format(timezone.localtime(moment), "j M Y") if moment else "–"


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """People join only by confirming by email, or by the import of people who already agreed."""

    list_display = ["email", "status", "signed_up", "confirmed", "unsubscribed", "signup_page"]
    list_filter = ["status", "created_at", "confirmed_at", "unsubscribed_at"]
    search_fields = ["email", "signup_page"]
    readonly_fields = [
        "email", "status", "signup_page", "created_at", "requested_at", "confirmed_at",
        "unsubscribed_at", "confirmation_sent_at", "confirmations_sent",
    ]  # fmt: skip
    actions = ["export_csv", "unsubscribe", "erase_personal_data"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="signed up", ordering="created_at")
    def signed_up(self, subscriber):
        return _day(subscriber.created_at)

    @admin.display(description="confirmed", ordering="confirmed_at")
    def confirmed(self, subscriber):
        return _day(subscriber.confirmed_at)

    @admin.display(description="unsubscribed", ordering="unsubscribed_at")
    def unsubscribed(self, subscriber):
        return _day(subscriber.unsubscribed_at)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="newsletter_subscriber_import"), *super().get_urls()]

    @admin.action(description="Export selected subscribers as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return export_response(queryset, f"subscribers-{timezone.localdate():%Y-%m-%d}.csv")

    @admin.action(description="Unsubscribe selected subscribers", permissions=["change"])
    def unsubscribe(self, request, queryset):
        count = sum(services.subscription_unsubscribe(subscriber=s) for s in queryset)
        self.message_user(request, f"Unsubscribed {count} subscriber(s).", messages.SUCCESS)

    @admin.action(
        description="Erase the addresses of selected subscribers (on request)",
        permissions=["change"],
    )
    def erase_personal_data(self, request, queryset):
        count = services.subscribers_erase(subscribers=queryset)
        self.message_user(
            request,
            f"Erased the address of {count} subscriber(s); they receive nothing more.",
            messages.SUCCESS,
        )

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                report = import_confirmed(
                    form.cleaned_data["file"],
                    source=request.FILES["file"].name,
                    dry_run=form.cleaned_data["dry_run"],
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import confirmed subscribers",
            "form": form,
            "report": report,
        }
        status = 400 if request.method == "POST" and not form.is_valid() else 200
        return TemplateResponse(
            request, "admin/newsletter/subscriber/import.html", context, status=status
        )


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    form = IssueForm
    list_display = ["subject", "status", "created_at", "sent_at", "progress_summary"]
    list_filter = ["status"]
    search_fields = ["subject"]
    autocomplete_fields = ["articles"]
    readonly_fields = ["status", "created_at", "sending_started_at", "sent_at"]
    fieldsets = [
        (None, {"fields": ["subject", "body_markdown", "articles", "article_text"]}),
        ("Sending", {"fields": ["status", "created_at", "sending_started_at", "sent_at"]}),
    ]
    actions = ["retry_failed", "resume_sending"]
    change_form_template = "admin/newsletter/issue/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return ["subject", "body_markdown", "articles", "article_text", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description="progress")
    def progress_summary(self, issue):
        if issue.status == Issue.Status.DRAFT:
            return "Not sent"
        return (
            f"{issue.sent_count} sent · {issue.failed_count} failed · {issue.waiting_count} waiting"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("<int:pk>/preview/", view(self.preview_view), name="newsletter_issue_preview"),
            path(
                "<int:pk>/preview/email/",
                view(self.preview_email_view),
                name="newsletter_issue_preview_email",
            ),
            path(
                "<int:pk>/send-test/", view(self.send_test_view), name="newsletter_issue_send_test"
            ),
            path("<int:pk>/send/", view(self.send_view), name="newsletter_issue_send"),
            path("<int:pk>/progress/", view(self.progress_view), name="newsletter_issue_progress"),
            path(
                "<int:pk>/failures.csv",
                view(self.failures_view),
                name="newsletter_issue_failures",
            ),
            *super().get_urls(),
        ]

    def _issue(self, request, pk, *, change=False):
        issue = get_object_or_404(Issue, pk=pk)
        allowed = self.has_change_permission if change else self.has_view_permission
        if not allowed(request, issue):
            raise PermissionDenied
        return issue

    def _context(self, request, issue, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": issue,
            "issue": issue,
            **extra,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The admin's own lookup: it takes what the change page takes ("٢" too) and gives None
        # for what int() refuses ("²"), which isdigit() alone lets through to a 500.
        issue = self.get_object(request, unquote(object_id))
        if issue is not None and issue.status != Issue.Status.DRAFT:
            extra_context = {
                **(extra_context or {}),
                "progress": issue.progress(),
                "failed_url": failed_deliveries_url(issue),
                "outcome": outcome_rows(issue.outcome()),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @method_decorator(csp_override({**settings.SECURE_CSP, "frame-src": [CSP.SELF]}))
    def preview_view(self, request, pk):
        issue = self._issue(request, pk)
        content = IssueContent(issue)
        context = self._context(
            request,
            issue,
            title=f"Preview: {issue.subject}",
            email=content.context(),
            text_version=content.render_text(),
            recipients=Subscriber.objects.confirmed().count(),
            widths=PREVIEW_WIDTHS,
        )
        return TemplateResponse(request, "admin/newsletter/issue/preview.html", context)

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_override(PREVIEW_EMAIL_CSP))
    def preview_email_view(self, request, pk):
        """The issue's HTML part on its own, for the preview's frames: its styles are inline, as
        in an inbox, so it gets a policy of its own, with no scripts and links opening outside."""
        issue = self._issue(request, pk)
        html = IssueContent(issue).preview_html()
        return HttpResponse(html.replace("<head>", '<head><base target="_blank">', 1))

    def send_test_view(self, request, pk):
        issue = self._issue(request, pk, change=True)
        if request.method != "POST":
            return redirect("admin:newsletter_issue_preview", pk=issue.pk)
        address = request.user.email
        if not address:
            self.message_user(
                request,
                "Your account has no email address. Add one under your user, then try again.",
                messages.ERROR,
            )
        else:
            transaction.on_commit(partial(tasks.send_issue_test.enqueue, issue.pk, address))
            self.message_user(request, f"A test copy is on its way to {address}.", messages.SUCCESS)
        return redirect("admin:newsletter_issue_preview", pk=issue.pk)

    def send_view(self, request, pk):
        issue = self._issue(request, pk, change=True)
        change_url = reverse("admin:newsletter_issue_change", args=[issue.pk])
        if issue.status != Issue.Status.DRAFT:
            self.message_user(request, "This issue has already been sent.", messages.WARNING)
            return redirect(change_url)
        recipients = Subscriber.objects.confirmed().count()
        if request.method == "POST":
            if not recipients:
                self.message_user(
                    request, "There are no confirmed subscribers yet.", messages.ERROR
                )
                return redirect(change_url)
            count = services.issue_send(issue=issue)
            if count is None:
                self.message_user(request, "This issue has already been sent.", messages.WARNING)
            else:
                self.message_user(
                    request,
                    f"Sending to {count} confirmed subscriber(s) has started. "
                    "Progress shows below; you can leave this page.",
                    messages.SUCCESS,
                )
            return redirect(change_url)
        context = self._context(
            request, issue, title="Send this issue?", recipients=recipients, change_url=change_url
        )
        return TemplateResponse(request, "admin/newsletter/issue/send_confirmation.html", context)

    def failures_view(self, request, pk):
        issue = self._issue(request, pk)
        return failures_response(issue, f"issue-{issue.pk}-failures.csv")

    def progress_view(self, request, pk):
        issue = self._issue(request, pk)
        context = {
            "issue": issue,
            "progress": issue.progress(),
            "failed_url": failed_deliveries_url(issue),
        }
        return TemplateResponse(request, "admin/newsletter/issue/progress.html#progress", context)

    @admin.action(description="Retry failed deliveries of selected issues", permissions=["change"])
    def retry_failed(self, request, queryset):
        count = services.deliveries_retry(deliveries=Delivery.objects.filter(issue__in=queryset))
        self.message_user(request, f"Sending {count} failed deliveries again.", messages.SUCCESS)

    @admin.action(description="Resume sending of selected issues", permissions=["change"])
    def resume_sending(self, request, queryset):
        resumed = sum(services.issue_resume(issue=issue) for issue in queryset)
        self.message_user(request, f"Resumed sending of {resumed} issue(s).", messages.SUCCESS)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: deliveries change only through sending and the retry action."""

    list_display = ["subscriber", "issue", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "issue"]
    search_fields = ["subscriber__email"]
    list_select_related = ["subscriber", "issue"]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Retry selected failed deliveries", permissions=["retry"])
    def retry(self, request, queryset):
        count = services.deliveries_retry(deliveries=queryset)
        self.message_user(request, f"Sending {count} failed deliveries again.", messages.SUCCESS)

    def has_retry_permission(self, request):
        return request.user.has_perm("newsletter.change_delivery")


# The issue's outcome as its page shows it: label, count, share of the copies sent.
OUTCOME_LABELS = [
    ("sent", "Sent"),
    ("delivered", "Delivered (as providers report)"),
    ("hard_bounced", "Bounced for good"),
    ("soft_bounced", "Bounced for now"),
    ("complained", "Reported as spam"),
    ("unsubscribed", "Unsubscribed after this issue"),
    ("failed", "Failed to send"),
]


def outcome_rows(outcome):
    sent = outcome["sent"] or 1
    return [
        {"name": name, "label": label, "count": outcome[name], "share": 100 * outcome[name] / sent}
        for name, label in OUTCOME_LABELS
    ]


def failed_deliveries_url(issue):
    query = urlencode({"issue__id__exact": issue.pk, "status__exact": Delivery.Status.FAILED})
    return f"{reverse('admin:newsletter_delivery_changelist')}?{query}"


class SuppressionStateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Suppressed"), ("lifted", "Lifted")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "lifted":
            return queryset.filter(lifted_at__isnull=False)
        return queryset


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses that get no mail after a bounce or complaint; lifted with a note, never added."""

    list_display = ["email", "reason", "provider", "suppressed_at", "lifted_at"]
    list_filter = [SuppressionStateFilter, "reason", "provider", "suppressed_at"]
    search_fields = ["email"]
    fields = [
        "email", "reason", "provider", "event_id", "detail", "suppressed_at",
        "lifted_at", "lifted_by", "lift_note",
    ]  # fmt: skip
    readonly_fields = [
        "email", "reason", "provider", "event_id", "detail", "suppressed_at",
        "lifted_at", "lifted_by",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.lifted_at is not None:
            return [*self.readonly_fields, "lift_note"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get("lift_note", "").strip()
        if obj.lifted_at is None and note:
            services.suppression_lift(suppression=obj, note=note, user=request.user)
            self.message_user(
                request, f"{obj.email} gets mail again from now on.", messages.SUCCESS
            )


@admin.register(MailEvent)
class MailEventAdmin(admin.ModelAdmin):
    """Read-only: what providers reported, as they reported it."""

    list_display = ["email", "kind", "provider", "occurred_at", "detail"]
    list_filter = ["kind", "provider", "occurred_at"]
    search_fields = ["email", "message_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
