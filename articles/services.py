"""Workflows that change more than one model at once."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Article, Vote


def new_voter_id():
    """A random id for a reader's first vote, kept in their signed cookie afterwards."""
    return secrets.token_urlsafe(18)


@transaction.atomic
def vote_cast(*, article, voter_id=None, helpful, note=""):
    """Record a reader's answer to "Was this helpful?", replacing their earlier one.

    A reader without a voter id (None) gets a new one, returned as the vote's voter_id.
    The article's Yes/No counters move in the same transaction as the vote, by F() updates,
    so they stay exact however many readers vote at once. A note is kept until the reader
    sends a new one; a note sent with Yes is ignored.
    """
    note = note.strip() if not helpful else ""
    if voter_id is None:
        # A brand-new id has no earlier vote to look for, lock or race with.
        vote = Vote.objects.create(
            article=article, voter_id=new_voter_id(), helpful=helpful, note=note
        )
        _move_counters(article, helpful=helpful, previous=None)
        return vote
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


def _move_counters(article, *, helpful, previous):
    Article.objects.filter(pk=article.pk).update(
        helpful_yes=F("helpful_yes") + int(helpful) - int(previous is True),
        helpful_no=F("helpful_no") + int(not helpful) - int(previous is False),
    )
