"""Procedural text on the site's subject, so benchmark pages weigh what real ones do.

Everything is drawn from a seeded `random.Random`, so a given seed always yields the same
text: seeding twice produces identical content, and two runs of the benchmark serve the same
bytes.
"""

SUBJECTS = [
    "A rubric-writing task", "The review queue", "A coding evaluation", "The onboarding test",
    "A medical fact-check", "The legal reasoning batch", "A preference-ranking project",
    "The platform's new pay band", "A long-form writing prompt", "The reviewer's feedback",
    "A red-teaming sprint", "The quality score", "A multilingual task", "The weekly payout",
    "An expert-tier project", "The task timer", "A physician's annotation", "The style guide",
]  # fmt: skip
VERBS = [
    "pays", "rewards", "penalises", "asks for", "depends on", "changes", "hides", "measures",
    "ignores", "doubles", "slows down", "rarely explains", "quietly raises", "often cuts",
]  # fmt: skip
OBJECTS = [
    "careful sourcing", "an hourly rate that beats freelancing", "unpaid qualification time",
    "consistent reasoning", "the reviewer's patience", "a tax bill at year end",
    "clear written justifications", "speed over accuracy", "domain credentials",
    "a second opinion", "the fine print in the contract", "idle time between batches",
    "a well-kept spreadsheet", "edge cases nobody documented", "the tone of the answer",
]  # fmt: skip
TAILS = [
    "more than most newcomers expect", "in ways the dashboard never shows",
    "for anyone who tracks their hours", "once the project leaves its pilot phase",
    "when the queue runs dry", "if you read the guidelines twice", "every single week",
    "by a margin worth writing down", "and the contract says nothing about it",
    "even for experienced reviewers", "unless you push back politely",
]  # fmt: skip
HEADINGS = [
    "What the rate really covers", "How the queue behaves", "Keeping records", "Taxes and invoices",
    "When a project ends", "Reading the guidelines", "Quality scores and appeals",
    "Working across platforms", "Protecting your time", "What reviewers look for",
    "Credentials that pay", "The first month", "Questions to ask before you start",
]  # fmt: skip
TITLE_OPENERS = [
    "What", "Why", "How", "When", "The truth about", "Notes on", "A field guide to",
    "Ten lessons from", "Before you accept", "Inside",
]  # fmt: skip
TITLE_TOPICS = [
    "expert-tier pay", "rubric work", "coding evaluations", "review queues", "quality scores",
    "tax season for annotators", "medical fact-checking", "legal reasoning tasks",
    "preference ranking", "red-teaming sprints", "onboarding tests", "multilingual projects",
    "idle weeks", "task timers", "platform contracts", "payout schedules",
]  # fmt: skip
FIRST_NAMES = [
    "Amara", "Bo", "Carmen", "Dev", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonah", "Kemi",
    "Lars", "Maya", "Nikhil", "Oona", "Priya", "Quentin", "Rosa", "Sami", "Tove",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Berg", "Castillo", "Dubois", "Eriksen", "Fontaine", "Gupta", "Haddad", "Ivanova",
    "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe",
]  # fmt: skip
TAG_NAMES = [
    "Pay rates", "Platforms", "Expert work", "Money and taxes", "Craft", "Coding tasks",
    "Getting started", "Wellbeing", "Medicine", "Law", "Writing", "Reviews", "Contracts",
    "Appeals", "Tools", "Side income", "Burnout", "Negotiation", "Onboarding", "Quality",
    "Languages", "Red-teaming", "Rubrics", "Scheduling", "Invoices", "Community",
    "Interviews", "Career paths", "Data privacy", "News",
]  # fmt: skip


def sentence(rng):
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def paragraph(rng, *, sentences=(3, 6)):
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def title(rng, number):
    """A headline; the number keeps titles (and so slugs) unique across a large set."""
    return f"{rng.choice(TITLE_OPENERS)} {rng.choice(TITLE_TOPICS)}, part {number}"


def person_name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _list_block(rng):
    items = [f"- **{rng.choice(OBJECTS).capitalize()}**: {sentence(rng)}" for _ in range(4)]
    return "\n".join(items)


def _table_block(rng):
    rows = ["| Task type | Typical rate | Notes |", "| --- | --- | --- |"]
    for topic in rng.sample(TITLE_TOPICS, 4):
        rows.append(f"| {topic.capitalize()} | ${rng.randint(15, 120)}/h | {rng.choice(TAILS)} |")
    return "\n".join(rows)


def _quote_block(rng):
    return f"> {sentence(rng)} {sentence(rng)}"


def article_body(rng, *, sections=(4, 7)):
    """A Markdown body of roughly 700 to 1,600 words with the constructs editors use."""
    blocks = [paragraph(rng), paragraph(rng)]
    for _ in range(rng.randint(*sections)):
        blocks.append(f"## {rng.choice(HEADINGS)}")
        blocks.extend(paragraph(rng) for _ in range(rng.randint(2, 4)))
        extra = rng.random()
        if extra < 0.3:
            blocks.append(_list_block(rng))
        elif extra < 0.45:
            blocks.append(_table_block(rng))
        elif extra < 0.6:
            blocks.append(_quote_block(rng))
        elif extra < 0.7:
            page = f"https://example.com/help/{rng.randint(1, 99)}"
            blocks.append(f"Read more in [the platform's help centre]({page}).")
    return "\n\n".join(blocks) + "\n"
