"""Workflows that change more than one model at once."""

import secrets

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Article, Vote


def new_voter_id():
    """A random id for a reader's first vote, kept in their signed cookie afterwards."""
    return secrets.token_urlsafe(18)


def vote_cast(*, article, voter_id=None, helpful, note=""):
    """Record a reader's answer to "Was this helpful?", replacing their earlier one.

    A reader without a voter id (None) gets a new one, returned as the vote's voter_id.
    The article's Yes/No counters move in the same transaction as the vote, by relative
    updates (never read, then written), so they stay exact however many readers vote at
    once. A note is kept until the reader sends a new one; a note sent with Yes is ignored.
    """
    note = note.strip() if not helpful else ""
    if voter_id is None:
        # A brand-new id has no earlier vote to look for, lock or race with.
        return _first_vote(article, helpful=helpful, note=note)
    with transaction.atomic():
        return _changed_vote(article, voter_id=voter_id, helpful=helpful, note=note)


def _changed_vote(article, *, voter_id, helpful, note):
    vote = Vote.objects.select_for_update().filter(article=article, voter_id=voter_id).first()
    previous = None if vote is None else vote.helpful
    if vote is None:
        try:
            with transaction.atomic():  # a savepoint, so the race below can be recovered
                vote = Vote.objects.create(
                    article=article, voter_id=voter_id, helpful=helpful, note=note
                )
        except IntegrityError:
            # The same reader's other request created the vote first: change that one.
            vote = Vote.objects.select_for_update().get(article=article, voter_id=voter_id)
            previous = vote.helpful
    if previous is not None:
        vote.helpful = helpful
        if note:
            vote.note = note
        vote.save(update_fields=["helpful", "note", "updated_at"])
    if previous != helpful:
        _move_counters(article, helpful=helpful, previous=previous)
    return vote


# A new reader's vote and the count it adds, as one statement: PostgreSQL runs the insert and
# the relative update together, all or nothing, with no BEGIN and COMMIT to wait for. Every
# first vote on the site comes this way, and through the ORM the same work costs five times
# the CPU (building the queries, and two more round trips).
FIRST_VOTE_SQL = """
    WITH vote AS (
        INSERT INTO articles_vote (article_id, voter_id, helpful, note, created_at, updated_at)
        VALUES (%(article)s, %(voter_id)s, %(helpful)s, %(note)s, %(now)s, %(now)s)
        RETURNING id
    ), counted AS (
        UPDATE articles_article
        SET helpful_yes = helpful_yes + %(yes)s, helpful_no = helpful_no + %(no)s
        WHERE id = %(article)s
    )
    SELECT id FROM vote
"""


def _first_vote(article, *, helpful, note):
    vote = Vote(article=article, voter_id=new_voter_id(), helpful=helpful, note=note)
    if connection.vendor != "postgresql":  # SQLite in development: the ORM's way
        with transaction.atomic():
            vote.save(force_insert=True)
            _move_counters(article, helpful=helpful, previous=None)
        return vote
    vote.created_at = vote.updated_at = timezone.now()
    params = {
        "article": article.pk,
        "voter_id": vote.voter_id,
        "helpful": helpful,
        "note": note,
        "now": vote.created_at,
        "yes": int(helpful),
        "no": int(not helpful),
    }
    with connection.cursor() as cursor:
        cursor.execute(FIRST_VOTE_SQL, params)
        (vote.pk,) = cursor.fetchone()
    vote._state.adding = False
    vote._state.db = connection.alias
    return vote


def _move_counters(article, *, helpful, previous):
    Article.objects.filter(pk=article.pk).update(
        helpful_yes=F("helpful_yes") + int(helpful) - int(previous is True),
        helpful_no=F("helpful_no") + int(not helpful) - int(previous is False),
    )
