"""Workflows that change more than one model at once."""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import Article, Vote


@transaction.atomic
def vote_cast(*, article, voter_id, helpful, note=""):
    """Record a reader's answer to "Was this helpful?", replacing their earlier one.

    The article's Yes/No counters move in the same transaction as the vote, by F() updates,
    so they stay exact however many readers vote at once. A note is kept until the reader
    sends a new one; a note sent with Yes is ignored.
    """
    note = note.strip() if not helpful else ""
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
        Article.objects.filter(pk=article.pk).update(
            helpful_yes=F("helpful_yes") + int(helpful) - int(previous is True),
            helpful_no=F("helpful_no") + int(not helpful) - int(previous is False),
        )
    return vote
