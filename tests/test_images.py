import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from PIL import Image

from articles.demo import hero_png, photo_jpeg
from breakingeven import images
from tests.factories import make_article
from tests.pictures import BAD_FILES


def upload(data, name="upload.jpg"):
    return ContentFile(data, name=name)


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def png_with_transparency(width=600, height=400):
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    image.paste((200, 40, 40, 255), (100, 100, 300, 300))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def phone_photo():
    """A 4000×3000 phone photo saved sideways, as phones do, with GPS coordinates."""
    return photo_jpeg(orientation=6)


def test_a_phone_photo_is_stored_upright_without_metadata(settings, phone_photo):
    """EXIF orientation is applied, then EXIF, GPS and comments are gone from every file."""
    name, width, height = images.picture_store(
        upload(phone_photo), upload_to="heroes/", storage=default_storage
    )
    assert (width, height) == (3000, 4000)
    files = stored_files(settings)
    assert name in files
    for path in files:
        with Image.open(Path(settings.MEDIA_ROOT) / path) as image:
            assert not image.getexif(), path
            assert "comment" not in image.info and "xmp" not in image.info, path
            # Strings long enough that compressed pixels never hold them by chance ("GPS" can).
            head = (Path(settings.MEDIA_ROOT) / path).read_bytes()[:65536]
            for marker in (b"Exif\x00\x00", b"DemoCam", b"shot on a demo phone"):
                assert marker not in head, (path, marker)


def test_renditions_are_made_at_each_width_never_wider_than_the_source(settings):
    """A 1000 px picture gets 480, 800 and 1000 px renditions in AVIF, WebP and JPEG."""
    name, width, height = images.picture_store(
        upload(photo_jpeg(width=1000, height=750)), upload_to="heroes/", storage=default_storage
    )
    stem = name.removesuffix(".jpg")
    expected = {
        f"{stem}-{w}w.{ext}" for w in (480, 800, 1000) for ext in (*images.MODERN_FORMATS, "jpg")
    }
    assert set(stored_files(settings)) == {name, f"{stem}-card.jpg", *expected}
    with Image.open(Path(settings.MEDIA_ROOT) / f"{stem}-800w.avif") as rendition:
        assert rendition.format == "AVIF"
        assert rendition.size == (800, 600)
    with Image.open(Path(settings.MEDIA_ROOT) / f"{stem}-card.jpg") as card:
        assert card.size == (1200, 630)


def test_avif_is_written_by_the_installed_pillow():
    """This machine's Pillow can write AVIF, so pages offer it first."""
    assert images.MODERN_FORMATS == ("avif", "webp")


def test_a_transparent_png_keeps_png_as_its_fallback(settings):
    """Transparency survives: the fallback format is PNG, not JPEG."""
    name, _, _ = images.picture_store(
        upload(png_with_transparency(), "logo.png"), upload_to="logos/", storage=default_storage
    )
    assert name.endswith(".png")
    with Image.open(Path(settings.MEDIA_ROOT) / name.replace(".png", "-480w.png")) as fallback:
        assert fallback.mode == "RGBA"


def test_an_opaque_png_is_stored_as_jpeg(settings):
    """A PNG screenshot without transparency gets the smaller JPEG fallback."""
    name, _, _ = images.picture_store(
        upload(hero_png(1), "hero.png"), upload_to="heroes/", storage=default_storage
    )
    assert name.endswith(".jpg")


def test_the_same_upload_twice_is_stored_once(settings):
    """Names come from the content, so saving the same file again adds nothing."""
    first = images.picture_store(upload(hero_png(3)), upload_to="heroes/", storage=default_storage)
    count = len(stored_files(settings))
    second = images.picture_store(upload(hero_png(3)), upload_to="heroes/", storage=default_storage)
    assert first == second
    assert len(stored_files(settings)) == count


@BAD_FILES
def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(
    settings, make, name, message
):
    """Each bad upload raises a ValidationError that says what is wrong, and writes nothing."""
    with pytest.raises(ValidationError) as refused:
        images.picture_store(upload(make(), name), upload_to="heroes/", storage=default_storage)
    assert message in " ".join(refused.value.messages)
    assert stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(settings):
    """IMAGE_MAX_UPLOAD_SIZE is checked before the file is even opened."""
    settings.IMAGE_MAX_UPLOAD_SIZE = 1000
    with pytest.raises(ValidationError, match="at most 1000"):
        images.picture_open(upload(hero_png(1)))


def test_widths_never_exceed_the_source():
    """A picture narrower than every width is offered at its own width only."""
    assert images.widths_for(300) == [300]
    assert images.widths_for(4000) == [480, 800, 1200, 1600, 2400]
    assert images.widths_for(1000) == [480, 800, 1000]


@pytest.mark.django_db
def test_picture_lists_every_format_with_true_size_and_card(settings):
    """A stored hero offers AVIF and WebP sources, a JPEG fallback and the 1200×630 card."""
    article = make_article(hero_alt="Hills")
    article.hero_image.save("photo.jpg", upload(photo_jpeg(width=2000, height=1500)))
    picture = article.hero_image.picture
    assert (picture.width, picture.height) == (2000, 1500)
    assert [source.mime for source in picture.sources] == ["image/avif", "image/webp"]
    assert picture.sources[0].srcset.endswith("-2000w.avif 2000w")
    assert "-480w.jpg 480w" in picture.fallback_srcset
    assert picture.url.endswith("-1200w.jpg")
    assert picture.card_url.endswith("-card.jpg")


@pytest.mark.django_db
def test_build_renditions_cleans_old_uploads_and_is_safe_to_run_again(settings):
    """An image stored before the pipeline is cleaned and renamed; a second run does nothing."""
    article = make_article(hero_alt="Hills")
    old_name = default_storage.save(
        "heroes/old-photo.jpg", upload(photo_jpeg(width=1200, height=900))
    )
    type(article).objects.filter(pk=article.pk).update(hero_image=old_name)
    output = io.StringIO()
    call_command("build_renditions", stdout=output)
    article.refresh_from_db()
    assert article.hero_image.name != old_name
    assert (article.hero_width, article.hero_height) == (1200, 900)
    assert not default_storage.exists(old_name)
    assert "1/1" in output.getvalue()
    with default_storage.open(article.hero_image.name) as stored, Image.open(stored) as image:
        assert not image.getexif()
    files = stored_files(settings)
    again = io.StringIO()
    call_command("build_renditions", stdout=again)
    assert stored_files(settings) == files
    assert "Done: 0 files written." in again.getvalue()


class FailingStorage(FileSystemStorage):
    """Disk storage that breaks after a few files, as a bucket might mid-upload."""

    def __init__(self, *args, fail_after, **kwargs):
        super().__init__(*args, **kwargs)
        self.saves_left = fail_after

    def _save(self, name, content):
        if self.saves_left == 0:
            raise OSError("storage went away")
        self.saves_left -= 1
        return super()._save(name, content)


def test_a_storage_failure_midway_leaves_nothing_behind(settings):
    """If storage fails after some renditions, the files already written are removed."""
    storage = FailingStorage(location=settings.MEDIA_ROOT, fail_after=5)
    with pytest.raises(OSError, match="storage went away"):
        images.picture_store(
            upload(photo_jpeg(width=1000, height=750)), upload_to="heroes/", storage=storage
        )
    assert stored_files(settings) == []
