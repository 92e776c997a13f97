import socket

import pytest

from bench.mood_texts import NEUTRAL, TEXTS
from platforms import sentiment
from platforms.models import Mention


def test_scoring_never_opens_a_network_connection(monkeypatch):
    """The lexicon ships in the package: scoring works with every socket refused."""

    def refuse(*args, **kwargs):
        raise AssertionError("sentiment scoring tried to open a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    sentiment._analyzer.cache_clear()
    assert sentiment.mood_of("Paid late again, awful support.")[1] == Mention.Mood.NEGATIVE


@pytest.mark.parametrize(
    ("text", "mood"),
    [
        ("Great project, paid on time, love it.", Mention.Mood.POSITIVE),
        ("Paid late again, terrible support.", Mention.Mood.NEGATIVE),
        ("Worked 14 hours last week.", Mention.Mood.NEUTRAL),
    ],
)
def test_clear_texts_get_their_mood(text, mood):
    """Plainly positive, negative and factual texts land where a reader would put them."""
    assert sentiment.mood_of(text)[1] == mood


def test_hand_labelled_texts_are_scored_better_than_always_neutral():
    """On the hand-labelled set the model beats the baseline of calling everything neutral."""
    assert len(TEXTS) >= 100
    right = sum(sentiment.mood_of(text)[1] == label for text, label in TEXTS)
    baseline = sum(label == NEUTRAL for _, label in TEXTS)
    assert right > baseline


def test_a_long_text_gets_the_mood_of_its_opening():
    """Scoring stops after SCORED_LENGTH characters, so a long comment (5,000 emoji took 7.8 s
    to score whole) costs no more than a short one; what follows does not change its mood."""
    opening = "Great project, paid on time, love it. " * 30
    text = opening[: sentiment.SCORED_LENGTH] + "Awful, terrible, never paid. 😡" * 200
    assert sentiment.mood_of(text) == sentiment.mood_of(opening)
    assert sentiment.mood_of(text)[1] == Mention.Mood.POSITIVE
