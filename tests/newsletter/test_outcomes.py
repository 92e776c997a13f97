import uuid
from types import SimpleNamespace

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from newsletter import outcomes
from newsletter.models import Delivery

from .helpers import make_issue, make_subscriber

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the pipelined recorder speaks to libpq"
)
RECORDERS = [
    pytest.param(outcomes.ImmediateRecorder, id="immediate"),
    pytest.param(
        lambda: outcomes.PipelinedRecorder(connection), id="pipelined", marks=needs_postgresql
    ),
]


def _claimed(count):
    issue, claim = make_issue(), uuid.uuid4()
    return [
        Delivery.objects.create(
            issue=issue,
            subscriber=make_subscriber(),
            status=Delivery.Status.SENDING,
            claim=claim,
            claimed_at=timezone.now(),
            error="an earlier try",
        )
        for _ in range(count)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("make_recorder", RECORDERS)
def test_outcomes_are_written_once_waited_for(make_recorder):
    """Each outcome sets only its own fields; after wait() every one is in the database."""
    sent, failed, skipped = _claimed(3)
    moment = timezone.now()
    recorder = make_recorder()

    recorder.record(sent, Delivery.Status.SENT, sent_at=moment, error="")
    recorder.record(failed, Delivery.Status.FAILED, error="550 No such mailbox — “ü”")
    recorder.record(skipped, Delivery.Status.SKIPPED)
    recorder.wait()

    rows = {d.pk: d for d in Delivery.objects.all()}
    assert (rows[sent.pk].status, rows[sent.pk].sent_at, rows[sent.pk].error) == (
        Delivery.Status.SENT, moment, ""
    )  # fmt: skip
    assert (rows[failed.pk].status, rows[failed.pk].sent_at) == (Delivery.Status.FAILED, None)
    assert rows[failed.pk].error == "550 No such mailbox — “ü”"
    assert (rows[skipped.pk].status, rows[skipped.pk].error) == ("skipped", "an earlier try")


@pytest.mark.django_db
@pytest.mark.parametrize("make_recorder", RECORDERS)
def test_an_outcome_under_someone_elses_claim_is_not_written(make_recorder):
    """A row whose claim changed (taken over after its worker was presumed dead) is left alone."""
    [delivery] = _claimed(1)
    stale = SimpleNamespace(pk=delivery.pk, claim=uuid.uuid4())
    recorder = make_recorder()

    recorder.record(stale, Delivery.Status.SENT, sent_at=timezone.now(), error="")
    recorder.wait()

    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENDING


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_failed_outcome_is_reported_by_wait_and_the_connection_still_works():
    """A statement the database refuses raises DatabaseError; the ORM can go on afterwards."""
    [delivery] = _claimed(1)
    recorder = outcomes.PipelinedRecorder(connection)

    recorder.record(delivery, "a status far too long for its column", error="")
    with pytest.raises(DatabaseError, match="too long"):
        recorder.wait()

    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENDING
    recorder.record(delivery, Delivery.Status.SENT, sent_at=timezone.now(), error="")
    recorder.wait()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENT
