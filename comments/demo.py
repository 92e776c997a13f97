"""Demo comments for `manage.py load_demo`, loaded after the articles: threads with replies, and a
moderation queue with held comments and one spam. Safe to run again and again.

Every person and address here is invented for the demo.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article

from .models import BlockListEntry, Comment
from .services import comments_moderate

APPROVED, PENDING, SPAM = Comment.Status.APPROVED, Comment.Status.PENDING, Comment.Status.SPAM

# (article slug, hours ago, name, email, status, held reason, body, replies as the same tuples
# without article and replies).
THREADS = [
    (
        "what-the-work-actually-pays",
        30,
        "Marisol Ferreira",
        "marisol.ferreira@example.com",
        APPROVED,
        "",
        "The table matches my ledger almost exactly for generalist rating. What nobody "
        "mentions is how much of the hourly rate goes on unpaid time. Last month I logged 41 "
        "paid hours and 9 unpaid ones on onboarding and reading guideline updates.\n\n"
        "That is nearly a fifth off the top before taxes.",
        [
            (
                26,
                "Dev Okonkwo",
                "dev.okonkwo@example.com",
                APPROVED,
                "",
                "Nine hours is low, honestly. When a project swaps its rubric mid-week I can "
                "lose an afternoon re-reading the doc. I started tracking it as its own column "
                "and it changed which projects I say yes to.",
            ),
            (
                20,
                "Rowan Achterberg",
                "editor@example.com",
                APPROVED,
                "",
                "That unpaid column is the most useful number in the whole spreadsheet. Divide "
                "total pay by paid plus unpaid hours and you have your real rate. A follow-up "
                "piece on exactly this is in the works.",
            ),
        ],
    ),
    (
        "what-the-work-actually-pays",
        12,
        "Harriet Lindqvist",
        "h.lindqvist@example.com",
        APPROVED,
        "",
        "Physician here, two years in. The jump from generalist rating to domain review was "
        "real for me, but the volume is lumpy: three great weeks, then nothing for a month. I "
        "would not give up a clinical shift on the strength of one good project.",
        [
            (
                8,
                "Tomasz Wrona",
                "tomasz.wrona@example.com",
                APPROVED,
                "",
                "Same pattern on the legal side. Expert rates look great per hour, but I "
                "average them over a quarter before I believe them.",
            ),
        ],
    ),
    (
        "when-the-queue-goes-empty",
        72,
        "Priya Natarajan",
        "priya.n@example.com",
        APPROVED,
        "",
        "Day nine of an empty queue. Reading this helped more than refreshing the dashboard "
        "every twenty minutes, which is what I had been doing. Setting up the second platform "
        "I kept putting off.",
        [
            (
                48,
                "Marisol Ferreira",
                "marisol.ferreira@example.com",
                APPROVED,
                "",
                "Do it. My second platform paid less per hour, but it was the only income I "
                "had in February. Spreading out isn't glamorous; it's rent.",
            ),
            (
                40,
                "Sam Adeyemi",
                "sam.adeyemi@example.com",
                APPROVED,
                "",
                "A tip from a long drought: keep your qualification scores current on the "
                "quiet platforms. When work comes back, they invite the people who already "
                "passed.",
            ),
        ],
    ),
    (
        "breaking-agent-workflows",
        6,
        "Jonas Brandt",
        "jonas.brandt@example.com",
        APPROVED,
        "",
        "Grading each step rather than the final answer is the whole job. I have seen agents "
        "reach the right output after a completely wrong tool call in step three. If you only "
        "check the end, you pass a broken trajectory.",
        [
            (
                3,
                "Aiko Tanaka",
                "aiko.tanaka@example.com",
                APPROVED,
                "",
                "And the reverse: a sound plan that fails at the last step because the sandbox "
                "timed out. I write that up separately so the reviewer doesn't dock the "
                "reasoning for an environment problem.",
            ),
            (
                1,
                "Kwame Mensah",
                "kwame.mensah@example.com",
                PENDING,
                "No earlier approved comment from this address.",
                "Has anyone found a way to flag timing problems without it reading like an "
                "excuse? My notes on them keep coming back marked out of scope.",
            ),
        ],
    ),
    (
        "writing-rubric-evaluations-that-hold-up",
        24,
        "Carmen Ruiz",
        "carmen.ruiz@example.com",
        APPROVED,
        "",
        "Quoting the exact sentence that breaks a criterion was the single change that raised "
        "my audit score. Reviewers can't argue with a quote.",
        [],
    ),
    (
        "the-generalist-squeeze",
        2,
        "Lena Hoffmann",
        "lena.hoffmann@example.com",
        PENDING,
        "No earlier approved comment from this address.",
        "Does anyone know whether the expert tiers accept credentials from abroad? I qualified "
        "as a pharmacist in Germany and have never been sure whether to list it.",
        [],
    ),
    (
        "what-the-work-actually-pays",
        4,
        "Rita Okafor",
        "rita.okafor@example.com",
        PENDING,
        "Has 2 links.",
        "I made a spreadsheet template for tracking paid and unpaid hours: "
        "https://example.org/hours-tracker and a short walkthrough at "
        "https://example.org/hours-tracker-guide. Feedback welcome.",
        [],
    ),
    (
        "when-the-queue-goes-empty",
        5,
        "Top Rates Online",
        "offers@fast-cash.example",
        SPAM,
        "Block list: Domain (email or link): fast-cash.example.",
        "EARN $500 A DAY TRAINING AI FROM HOME!!! No tests, no waiting, sign up now at "
        "http://fast-cash.example/join",
        [],
    ),
]


def add_comment(*, article, parent, hours_ago, name, email, status, held_reason, body):
    """Create one demo comment unless it exists; approve it the way an editor would."""
    existing = Comment.objects.filter(article=article, email=email, body=body).first()
    if existing is not None:
        return existing
    written_at = timezone.now() - timedelta(hours=hours_ago)
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        name=name,
        email=email,
        body=body,
        held_reason=held_reason,
        is_author=email == "editor@example.com",
        status=PENDING if status == APPROVED else status,
        created_at=written_at,
    )
    if status == APPROVED:
        comments_moderate(comments=[comment], status=APPROVED)
        # As if an editor approved it soon after it was written.
        Comment.objects.filter(pk=comment.pk).update(approved_at=written_at + timedelta(minutes=20))
    return comment


def load():
    BlockListEntry.objects.get_or_create(
        kind=BlockListEntry.Kind.DOMAIN,
        value="fast-cash.example",
        defaults={"note": "Get-rich-quick spam (demo)."},
    )
    articles = Article.objects.in_bulk([thread[0] for thread in THREADS], field_name="slug")
    for slug, hours_ago, name, email, status, held_reason, body, replies in THREADS:
        article = articles.get(slug)
        if article is None:  # an editor removed the article: nothing to comment on
            continue
        parent = add_comment(
            article=article,
            parent=None,
            hours_ago=hours_ago,
            name=name,
            email=email,
            status=status,
            held_reason=held_reason,
            body=body,
        )
        for hours_ago, name, email, status, held_reason, body in replies:
            add_comment(
                article=article,
                parent=parent,
                hours_ago=hours_ago,
                name=name,
                email=email,
                status=status,
                held_reason=held_reason,
                body=body,
            )
