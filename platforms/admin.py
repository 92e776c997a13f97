from django import forms
from django.contrib import admin, messages
from django.db import router, transaction
from django.db.models import Case, Value, When
from django.utils.text import Truncator

from articles.models import Article
from breakingeven.markup import directives_in
from newsletter.models import Issue

from . import services
from .models import CredentialLevel, CurrencyRate, PayReport, Platform, TaskType, TierChange


class PlatformForm(forms.ModelForm):
    def clean_slug(self):
        """Refuse a new slug while `[[pay platform=<old slug>]]` is in articles or drafts:
        renamed, each would show "names no known platform" instead of the pay table."""
        slug, old = self.cleaned_data["slug"], self.instance.slug
        if self.instance.pk is None or slug == old:
            return slug
        if users := pay_tables_of(old):
            raise forms.ValidationError(
                f"[[pay platform={old}]] is used in: {'; '.join(users)}. Take that line out "
                "of each of them, change the slug, then put it back with the new slug."
            )
        return slug


def pay_tables_of(slug):
    """Where the Markdown shows the pay table of the platform `slug`: articles, and newsletter
    drafts (sent issues keep the HTML they were sent with)."""
    drafts = Issue.objects.filter(status=Issue.Status.DRAFT)
    users = [f"article “{title}”" for title in _naming(Article.objects, "title", slug)]
    return users + [f"newsletter draft “{subject}”" for subject in _naming(drafts, "subject", slug)]


def _naming(queryset, field, slug):
    """`field` of each row whose Markdown has a [[pay]] line for the platform `slug`."""
    rows = queryset.filter(body_markdown__contains=f"platform={slug}")
    return [
        label
        for label, text in rows.values_list(field, "body_markdown")
        if any(name == "pay" and args.get("platform") == slug for name, args in directives_in(text))
    ]


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    form = PlatformForm
    list_display = ["name", "slug", "editor_tier", "website"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["tags"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "website", "description", "logo", "aliases", "tags"]}),
        ("Tier List", {"fields": ["editor_tier", "editor_note"]}),
    ]

    # Articles store their HTML: their [[pay]] and [[tierlist]] show names, links and tiers.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.articles_with_directives_refresh()

    def get_deleted_objects(self, objs, request):
        # Shown on the confirmation page (the single delete and the list's action): pay tables
        # are no related objects, so Django cannot list what the deletion breaks there.
        if "post" not in request.POST:  # the confirm button sends post=yes
            for platform in objs:
                if users := pay_tables_of(platform.slug):
                    messages.warning(
                        request,
                        f"[[pay platform={platform.slug}]] is used in: {'; '.join(users)}. "
                        "Once the platform is deleted, each shows that it names no known "
                        "platform instead of the pay table.",
                    )
        return super().get_deleted_objects(objs, request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.articles_with_directives_refresh()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.articles_with_directives_refresh()


@admin.register(TaskType, CredentialLevel)
class ManagedListAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if getattr(request, "saved_from_list", None) is not None:
            request.saved_from_list.append(obj)
        else:
            services.articles_with_directives_refresh()  # their [[pay]] tables name and order these

    def changelist_view(self, request, extra_context=None):
        # Editing positions in the list saves each row through save_model: render the articles
        # once, after the last row, in the same transaction as the rows.
        request.saved_from_list = []
        with transaction.atomic(using=router.db_for_write(self.model)):
            response = super().changelist_view(request, extra_context)
            if request.saved_from_list:
                services.articles_with_directives_refresh()
        return response


@admin.register(CurrencyRate)
class CurrencyRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "month", "usd"]
    list_filter = ["currency"]
    date_hierarchy = "month"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A corrected currency leaves the old one's reports converted with this rate.
        services.rates_apply(currencies={form.initial.get("currency"), obj.currency} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.rates_apply(currencies=[obj.currency])

    def delete_queryset(self, request, queryset):
        currencies = set(queryset.values_list("currency", flat=True))
        super().delete_queryset(request, queryset)
        services.rates_apply(currencies=currencies)


def moderate_action(status, label, verb):
    def action(modeladmin, request, queryset):
        changed = services.reports_moderate(reports=queryset, status=status)
        modeladmin.message_user(
            request, f"{changed} report{'s' if changed != 1 else ''} {verb}.", messages.SUCCESS
        )

    action.__name__ = f"mark_{status}"
    return admin.action(description=label, permissions=["change"])(action)


@admin.register(PayReport)
class PayReportAdmin(admin.ModelAdmin):
    list_display = [
        "status",
        "platform",
        "task_type",
        "credential",
        "hourly_pay",
        "currency",
        "hourly_usd",
        "is_outlier",
        "payment",
        "work",
        "excerpt",
        "created_at",
    ]
    list_filter = ["status", "is_outlier", "platform", "task_type", "credential", "payment"]
    list_select_related = ["platform", "task_type", "credential"]
    search_fields = ["note", "platform__name"]
    date_hierarchy = "created_at"
    list_per_page = 100
    actions = [
        moderate_action(PayReport.Status.APPROVED, "Approve selected reports", "approved"),
        moderate_action(PayReport.Status.REJECTED, "Reject selected reports", "rejected"),
        moderate_action(PayReport.Status.SPAM, "Mark selected reports as spam", "marked as spam"),
    ]
    # A report is the reader's account: the editor judges it, never rewrites it.
    readonly_fields = [
        "platform",
        "task_type",
        "credential",
        "hourly_pay",
        "currency",
        "hourly_usd",
        "hours_last_week",
        "month",
        "payment",
        "work",
        "note",
        "status",
        "held_reason",
        "is_outlier",
        "created_at",
        "approved_at",
    ]

    def get_ordering(self, request):
        pending_first = Case(When(status=PayReport.Status.PENDING, then=Value(0)), default=Value(1))
        return [pending_first.asc(), "-created_at", "-pk"]

    # Only superusers delete reports. PayReport is not watched by the page cache (a new held
    # report changes nothing readers see), so a deletion refreshes the figures as rejecting does.
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.figures_refresh(platforms=Platform.objects.filter(pk=obj.platform_id))

    def delete_queryset(self, request, queryset):
        platforms = list(Platform.objects.filter(pk__in=queryset.values("platform_id")))
        super().delete_queryset(request, queryset)
        services.figures_refresh(platforms=platforms)

    @admin.display(description="note")
    def excerpt(self, report):
        return Truncator(report.note).chars(60)

    def has_add_permission(self, request):
        return False


@admin.register(TierChange)
class TierChangeAdmin(admin.ModelAdmin):
    list_display = ["platform", "previous", "tier", "changed_at"]
    list_filter = ["platform"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
