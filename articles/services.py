"""Workflows that change more than one model at once."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Article, Vote


def new_voter_id():
    """A random id for a reader's first vote, kept in their signed cookie afterwards."""
    return secrets.token_urlsafe(18)


def vote_cast(*, article, voter_id=None, helpful, note="", first_counts=lambda: True):
    """Record a reader's answer to "Was this helpful?", replacing their earlier one.

    A reader without a voter id (None) gets a new one, returned as the vote's voter_id.
    The article's Yes/No counters move in the same transaction as the vote, by relative
    updates (never read, then written), so they stay exact however many readers vote at
    once. A note is kept until the reader sends a new one; a note sent with Yes is ignored.
    `first_counts` is asked only when this is the reader's first vote on the article: False
    keeps that vote, and its later changes, out of the counters.
    """
    note = note.strip() if not helpful else ""
    with transaction.atomic():
        if voter_id is None:
            counted = first_counts()
            vote = Vote.objects.create(
                article=article,
                voter_id=new_voter_id(),
                helpful=helpful,
                note=note,
                counted=counted,
            )
            if counted:
                _move_counters(article, helpful=helpful, previous=None)
            return vote
        return _changed_vote(
            article, voter_id=voter_id, helpful=helpful, note=note, first_counts=first_counts
        )


def _changed_vote(article, *, voter_id, helpful, note, first_counts):
    vote = Vote.objects.select_for_update().filter(article=article, voter_id=voter_id).first()
    previous = None if vote is None else vote.helpful
    if vote is None:
        try:
            with transaction.atomic():  # a savepoint, so the race below can be recovered
                vote = Vote.objects.create(
                    article=article,
                    voter_id=voter_id,
                    helpful=helpful,
                    note=note,
                    counted=first_counts(),
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
    if previous != helpful and vote.counted:
        _move_counters(article, helpful=helpful, previous=previous)
    return vote


def _move_counters(article, *, helpful, previous):
    Article.objects.filter(pk=article.pk).update(
        helpful_yes=F("helpful_yes") + int(helpful) - int(previous is True),
        helpful_no=F("helpful_no") + int(not helpful) - int(previous is False),
    )
