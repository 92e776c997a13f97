"""Subscriber lists in and out of CSV files, for the admin."""

import csv
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.http import StreamingHttpResponse
from django.utils import timezone

from .forms import SubscriberEmailField
from .models import Subscriber

EXPORT_COLUMNS = [
    "email", "status", "created_at", "confirmed_at", "unsubscribed_at", "signup_page"
]  # fmt: skip


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    # A spreadsheet runs a cell that starts with one of these as a formula.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def export_response(subscribers, filename):
    """Stream the subscribers as CSV, so a long list never sits in memory."""
    writer = csv.writer(_Echo())
    rows = subscribers.order_by("pk").values_list(*EXPORT_COLUMNS)

    def lines():
        yield writer.writerow(EXPORT_COLUMNS)
        for row in rows.iterator(chunk_size=2000):
            yield writer.writerow([_cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass
class ImportReport:
    imported: int = 0
    confirmed: int = 0  # were pending, now confirmed
    skipped: list = field(default_factory=list)  # (line number, value, reason)


def _address_column(header):
    for index, cell in enumerate(header):
        if cell.strip().lower() in ("email", "e-mail", "email address"):
            return index
    return None


def import_confirmed(rows, *, source):
    """Add people who already agreed elsewhere as confirmed subscribers; report what was skipped.

    Someone who unsubscribed is never put back on the list by an import: only they can
    subscribe again.
    """
    report = ImportReport()
    column = _address_column(rows[0]) if rows else None
    first_line = 2 if column is not None else 1
    column = column or 0
    email_field = SubscriberEmailField()
    wanted = {}  # lowercased address -> address
    for line, row in enumerate(rows[first_line - 1 :], start=first_line):
        value = row[column].strip() if len(row) > column else ""
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
        wanted[address.lower()] = (line, value, address)

    existing = {}
    keys = list(wanted)
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        found = Subscriber.objects.alias(email_lower=Lower("email")).filter(email_lower__in=chunk)
        existing.update({s.email.lower(): s for s in found})

    now = timezone.now()
    new, pending = [], []
    for key, (line, value, address) in wanted.items():
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
    Subscriber.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    report.imported = len(new)
    report.confirmed = (
        Subscriber.objects.pending()
        .filter(pk__in=pending)
        .update(status=Subscriber.Status.CONFIRMED, confirmed_at=now)
    )
    report.skipped.sort()
    return report
