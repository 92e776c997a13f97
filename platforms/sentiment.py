"""The mood of what workers write, scored by VADER.

VADER is a word list with rules for negation, emphasis and punctuation; its lexicon ships
inside the vaderSentiment package and is read from disk once per process, so scoring never
touches the network. It knows general English, not this trade: "the queue is empty" reads
as neutral to it, though a worker means bad news. The pages say so.
"""

from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .models import Mention

# VADER's own suggested cut-offs on its compound score.
POSITIVE_FROM = 0.05
NEGATIVE_UNTIL = -0.05
# VADER's cost grows with the square of a text's words (a comment of 5,000 emoji took 7.8 s),
# so a mood is read from the opening: every pay note and most comments are shorter.
SCORED_LENGTH = 1000


@cache
def _analyzer():
    return SentimentIntensityAnalyzer()


def mood_of(text):
    """(compound score from -1 to 1, Mention.Mood) for a text, from its first SCORED_LENGTH
    characters."""
    score = _analyzer().polarity_scores(text[:SCORED_LENGTH])["compound"]
    if score >= POSITIVE_FROM:
        return score, Mention.Mood.POSITIVE
    if score <= NEGATIVE_UNTIL:
        return score, Mention.Mood.NEGATIVE
    return score, Mention.Mood.NEUTRAL
