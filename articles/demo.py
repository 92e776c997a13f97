"""Load the demo articles, author, tags and editor account. Safe to run again and again."""

import io
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from . import demo_content
from .models import Article, Author, Tag
from .services import vote_cast

EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "breakingeven-demo"  # noqa: S105 (documented, local demo only)

PALETTES = [
    ("#0b5d4b", "#f2c14e"),
    ("#1d3557", "#e76f51"),
    ("#3d405b", "#81b29a"),
    ("#5f0f40", "#fb8b24"),
    ("#264653", "#e9c46a"),
    ("#22223b", "#c9ada7"),
    ("#283618", "#dda15e"),
    ("#03045e", "#90e0ef"),
    ("#432818", "#ffe6a7"),
]


def hero_png(index, *, width=1200, height=675):
    """An abstract illustration drawn here, so the demo needs no image files."""
    background, accent = PALETTES[index % len(PALETTES)]
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    rng = random.Random(index)
    for _ in range(14):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(40, 220)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=accent, width=6)
    for step in range(0, width, 60):
        draw.line((step, height, step + 200, height - 160), fill=accent, width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def portrait_png(*, size=400):
    """An abstract stand-in for the demo author's photo, drawn here like the heroes."""
    background, accent = PALETTES[0]
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.2, size * 0.15, size * 0.8, size * 0.75), fill=accent)
    draw.ellipse((size * 0.55, size * 0.55, size * 0.95, size * 0.95), outline=accent, width=10)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def load_editor(password):
    """The demo's superuser; with `password` None it cannot sign in until given one."""
    user, created = get_user_model().objects.get_or_create(
        username=EDITOR_USERNAME,
        defaults={"is_staff": True, "is_superuser": True, "email": "editor@example.com"},
    )
    if created:
        user.set_password(password)  # None makes the password unusable
        user.save()
    return user


def load(*, editor_password):
    editor = load_editor(editor_password)
    author, _ = Author.objects.update_or_create(
        slug=demo_content.AUTHOR["slug"],
        defaults={
            "name": demo_content.AUTHOR["name"],
            "bio": demo_content.AUTHOR["bio"],
            "user": editor,
        },
    )
    if not author.photo:
        author.photo_alt = demo_content.AUTHOR["photo_alt"]
        author.photo.save(f"{author.slug}.png", ContentFile(portrait_png()), save=False)
        author.save()
    tags = {}
    for name, slug in demo_content.TAGS:
        tags[slug], _ = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
    now = timezone.now()
    for index, entry in enumerate(demo_content.ARTICLES):
        article = Article.objects.filter(slug=entry["slug"]).first()
        if article is not None:
            continue  # never overwrite what an editor may have changed
        article = Article(
            slug=entry["slug"],
            title=entry["title"],
            dek=entry["dek"],
            meta_description=entry["meta_description"],
            body_markdown=entry["body"],
            author=author,
            status=entry["status"],
            published_at=now - timedelta(days=entry["days_ago"], hours=index),
            hero_alt=entry["hero_alt"],
            hero_caption=entry["hero_caption"],
        )
        if "revised_days_ago" in entry:
            article.revised_at = now - timedelta(days=entry["revised_days_ago"])
        article.hero_image.save(f"{entry['slug']}.png", ContentFile(hero_png(index)), save=False)
        article.save()
        article.tags.set([tags[slug] for slug in entry["tags"]])
    load_votes()
    return editor


def load_votes():
    """Readers' answers to "Was this helpful?". Fixed voter ids make a second run a no-op."""
    for slug, (yes, no, notes) in demo_content.VOTES.items():
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            continue
        for number in range(yes):
            vote_cast(article=article, voter_id=f"demo-{slug}-yes-{number}", helpful=True)
        for number in range(no):
            note = notes[number] if number < len(notes) else ""
            vote_cast(
                article=article, voter_id=f"demo-{slug}-no-{number}", helpful=False, note=note
            )
