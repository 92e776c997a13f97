"""Subscriber lists in and out of CSV files, for the admin."""

import csv
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.http import StreamingHttpResponse
from django.utils import timezone

from .forms import SubscriberEmailField
from .models import Delivery, MailEvent, Subscriber, Suppression, suppression_key

EXPORT_COLUMNS = [
    "email", "status", "created_at", "confirmed_at", "unsubscribed_at", "signup_page",
    "suppressed", "suppressed_at",
]  # fmt: skip


class _Echo:
    def write(self, value):
        return value


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    # A quote in front makes the cell text. Cells that start with a quote get one more, so
    # that _uncell can tell the site's quote from an address's own ("'bob@example.com").
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in (*_FORMULA_STARTS, "'") else text


def _uncell(text):
    """A cell as it was before _cell, so that an exported list imports as itself."""
    return text[1:] if text[:1] == "'" and text[1:2] in (*_FORMULA_STARTS, "'") else text


def _csv_response(header, rows, filename):
    """`rows` as a CSV download, streamed so a long list never sits in memory."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_response(subscribers, filename):
    """The subscribers as CSV, each with its active suppression."""
    suppression = Suppression.objects.active().filter(email=Lower(OuterRef("email")))
    rows = (
        subscribers.annotate(
            suppressed=Subquery(suppression.values("reason")[:1]),
            suppressed_at=Subquery(suppression.values("suppressed_at")[:1]),
        )
        .order_by("pk")
        .values_list(*EXPORT_COLUMNS)
    )
    return _csv_response(EXPORT_COLUMNS, rows.iterator(chunk_size=2000), filename)


FAILURE_COLUMNS = ["email", "outcome", "detail", "at"]


def failures_response(issue, filename):
    """The copies of an issue that did not arrive, and why: failed sends, then bounces and
    spam complaints as they were reported, one row each."""
    failed = issue.deliveries.filter(status=Delivery.Status.FAILED).values_list(
        "subscriber__email", "error", "claimed_at"
    )
    events = MailEvent.objects.filter(delivery__issue=issue).exclude(kind=MailEvent.Kind.DELIVERED)
    rows = [(email, "failed to send", error, at) for email, error, at in failed] + [
        (event.email, event.get_kind_display().lower(), event.detail, event.occurred_at)
        for event in events.order_by("occurred_at", "pk")
    ]
    return _csv_response(FAILURE_COLUMNS, rows, filename)


@dataclass
class ImportReport:
    imported: int = 0
    confirmed: int = 0  # were pending, now confirmed
    suppressed: int = 0  # came with a suppression (an export's "suppressed" column), kept
    skipped: list = field(default_factory=list)  # (line number, value, reason)
    dry_run: bool = False


def _column(header, names):
    for index, cell in enumerate(header):
        if cell.strip().lower() in names:
            return index
    return None


def _address_column(header):
    return _column(header, ("email", "e-mail", "email address"))


# An export's "suppressed" cell holds the reason's code; a person may have typed its label.
_REASONS = {
    **{reason.value: reason for reason in Suppression.Reason},
    **{reason.label.lower(): reason for reason in Suppression.Reason},
}


def _chunks(items, size=1000):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_confirmed(rows, *, source, dry_run=False):
    """Add people who already agreed elsewhere as confirmed subscribers; report what was skipped.

    Someone who unsubscribed is never put back on the list by an import: only they can
    subscribe again. An address suppressed here is left out; one the file marks suppressed (an
    export's "suppressed" column) comes in suppressed. With `dry_run`, nothing is changed and
    the report says what an import would do. The caller runs it in a transaction, so that a
    file is imported whole or not at all.
    """
    report = ImportReport(dry_run=dry_run)
    header = rows[0] if rows else []
    column = _address_column(header)
    first_line = 2 if column is not None else 1
    column = column or 0
    reason_column = _column(header, ("suppressed",)) if first_line == 2 else None
    email_field = SubscriberEmailField(max_length=254)  # as the signup form: what fits the column
    wanted = {}  # lowercased address -> (line, value, address, suppression reason or None)
    for line, row in enumerate(rows[first_line - 1 :], start=first_line):
        value = _uncell(row[column].strip()) if len(row) > column else ""
        if not value:
            if any(cell.strip() for cell in row):
                report.skipped.append((line, "", "no address in the email column"))
            continue
        try:
            address = email_field.clean(value)
        except ValidationError:
            report.skipped.append((line, value, "not a valid email address"))
            continue
        if address.lower() in wanted:
            report.skipped.append((line, value, "duplicate: appears earlier in the file"))
            continue
        cell = row[reason_column].strip() if reason_column is not None else ""
        if cell and cell.lower() not in _REASONS:
            report.skipped.append((line, value, f"unknown suppression reason {cell!r}"))
            continue
        wanted[address.lower()] = (line, value, address, _REASONS.get(cell.lower()))

    keys = {suppression_key(address): key for key, (_, _, address, _) in wanted.items()}
    for chunk in _chunks(list(keys)):
        for email, reason in Suppression.objects.of(chunk).values_list("email", "reason"):
            line, value, _, _ = wanted.pop(keys[email])
            label = Suppression.Reason(reason).label.lower()
            report.skipped.append((line, value, f"suppressed here ({label}): lift it first"))

    existing = {}
    for chunk in _chunks(list(wanted)):
        found = Subscriber.objects.alias(email_lower=Lower("email")).filter(email_lower__in=chunk)
        existing.update({s.email.lower(): s for s in found})

    now = timezone.now()
    new, pending, suppressions = [], [], []
    for key, (line, value, address, reason) in wanted.items():
        subscriber = existing.get(key)
        if subscriber is None:
            new.append(
                Subscriber(
                    email=address,
                    status=Subscriber.Status.CONFIRMED,
                    signup_page=f"imported from {source}"[:200],
                    created_at=now,
                    requested_at=now,
                    confirmed_at=now,
                )
            )
        elif subscriber.status == Subscriber.Status.CONFIRMED:
            report.skipped.append((line, value, "duplicate: already subscribed"))
        elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            report.skipped.append(
                (line, value, "unsubscribed earlier: only they can subscribe again")
            )
        else:
            pending.append(subscriber.pk)
        if reason is not None and (subscriber is None or subscriber.status != "unsubscribed"):
            suppressions.append(
                Suppression(
                    email=suppression_key(address),
                    reason=reason,
                    provider="import",
                    detail=f"suppressed in {source}"[:1000],
                    suppressed_at=now,
                )
            )
    Subscriber.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    # A lifted suppression of the address is replaced by the one the file carries.
    Suppression.objects.filter(email__in=[s.email for s in suppressions]).delete()
    Suppression.objects.bulk_create(suppressions, batch_size=1000)
    report.suppressed = len(suppressions)
    report.imported = len(new)
    report.confirmed = (
        Subscriber.objects.pending()
        .filter(pk__in=pending)
        .update(status=Subscriber.Status.CONFIRMED, confirmed_at=now)
    )
    report.skipped.sort()
    if dry_run:
        transaction.set_rollback(True)
    return report
