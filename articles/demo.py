"""Load the demo articles, author, tags and editor account. Safe to run again and again."""

import io
import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import ExifTags, Image, ImageDraw, ImageFilter

from breakingeven.editors import editors_group

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


def photo_jpeg(*, width=4000, height=3000, orientation=1, seed=0):
    """A camera-sized JPEG as a phone saves it: grain, detail, and EXIF with GPS and orientation.

    Drawn here so that neither the demo nor the tests ship a large binary: a landscape of sky,
    sun and hills under sensor-like noise, which compresses like a real photograph.
    """
    rng = random.Random(seed)
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", [sky.point(lambda v, k=k: 60 + v * k) for k in (0.5, 0.6, 0.7)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.65, height * 0.12, width * 0.78, height * 0.29), fill="#ffd98a")
    for layer in range(4):
        base = height * (0.55 + 0.1 * layer)
        points = [(0, height)]
        for x in range(0, width + 200, 200):
            points.append((x, base + rng.uniform(-height * 0.06, height * 0.06)))
        points.append((width, height))
        shade = 40 + 30 * layer
        draw.polygon(points, fill=(shade // 2, shade, shade // 3))
    for _ in range(400):  # trees, rocks: the fine detail a photo has
        x, y = rng.randrange(width), rng.randrange(height // 2, height)
        size = rng.randrange(6, 40)
        draw.ellipse((x, y, x + size, y + size * 2), fill=(20, rng.randrange(50, 110), 30))
    image = image.filter(ImageFilter.GaussianBlur(2))
    # Texture at a few sizes, like foliage and rock, then the sensor's fine grain.
    for scale, amount in ((16, 0.25), (4, 0.2), (1, 0.08)):
        texture = Image.effect_noise((width // scale, height // scale), 60)
        texture = texture.resize((width, height), Image.Resampling.BICUBIC).convert("RGB")
        image = Image.blend(image, texture, amount)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "DemoCam"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.ImageDescription] = "Hills at dusk"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif, comment=b"shot on a demo phone")
    return buffer.getvalue()


def load_editor(password):
    """The demo editor: staff in the Editors group, never a superuser; with `password` None
    it cannot sign in until given one."""
    user, created = get_user_model().objects.update_or_create(
        username=EDITOR_USERNAME,
        defaults={"is_staff": True, "is_superuser": False},
        create_defaults={"is_staff": True, "email": "editor@example.com"},
    )
    if created:
        user.set_password(password)  # None makes the password unusable
        user.save()
    user.groups.add(editors_group())
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
        if entry.get("hero_photo"):
            hero = ContentFile(photo_jpeg(orientation=1), name=f"{entry['slug']}.jpg")
        else:
            hero = ContentFile(hero_png(index), name=f"{entry['slug']}.png")
        article.hero_image.save(hero.name, hero, save=False)
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
