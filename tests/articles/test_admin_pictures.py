import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.demo import photo_jpeg
from articles.models import Article, Author
from tests.articles.test_admin import form_data
from tests.factories import make_author
from tests.pictures import BAD_FILES

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@BAD_FILES
def test_bad_hero_uploads_get_a_message_on_the_form_and_store_nothing(
    admin_client, settings, make, name, message
):
    """Each bad file is refused beside the hero image field; no article, no file."""
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        form_data(make_author(), hero_image=SimpleUploadedFile(name, make()), hero_alt="A picture"),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors["hero_image"])
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_a_file_over_the_picture_limit_is_refused_on_the_form(admin_client, settings):
    """A picture over IMAGE_MAX_UPLOAD_SIZE (but within the request limit) gets a message."""
    settings.IMAGE_MAX_UPLOAD_SIZE = 100 * 1024
    photo = photo_jpeg(width=1200, height=900)
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        form_data(make_author(), hero_image=SimpleUploadedFile("big.jpg", photo), hero_alt="Big"),
    )
    assert response.status_code == 200
    assert "pictures may be at most 100.0\xa0KB." in " ".join(
        response.context["adminform"].form.errors["hero_image"]
    )
    assert stored_files(settings) == []


def test_a_50_mb_upload_gets_a_message_on_the_form(admin_client, settings):
    """An editor's 50 MB camera file is over MAX_REQUEST_SIZE yet refused on the form."""
    upload = SimpleUploadedFile("huge.jpg", b"\xff\xd8" + bytes(50 * 1024 * 1024))
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        form_data(make_author(), hero_image=upload, hero_alt="Huge"),
    )
    assert response.status_code == 200
    assert "pictures may be at most 20.0\xa0MB." in " ".join(
        response.context["adminform"].form.errors["hero_image"]
    )
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_over_the_editors_limit_the_request_gets_413_and_stores_nothing(admin_client, settings):
    """Past EDITOR_MAX_REQUEST_SIZE even staff get 413 and its limit, before anything reads it."""
    settings.EDITOR_MAX_REQUEST_SIZE = 30 * 1024 * 1024
    upload = SimpleUploadedFile("huge.jpg", b"\xff\xd8" + bytes(50 * 1024 * 1024))
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        form_data(make_author(), hero_image=upload, hero_alt="Huge"),
    )
    assert response.status_code == 413
    assert "at most 30 MB" in response.content.decode()
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_author_photo_upload_is_stored_clean_with_its_size(admin_client, settings):
    """The author form takes a sideways photo and stores it upright, metadata gone."""
    photo = photo_jpeg(width=800, height=600, orientation=6)
    response = admin_client.post(
        reverse("admin:articles_author_add"),
        {
            "name": "Sam",
            "slug": "sam",
            "bio": "",
            "photo_alt": "Sam",
            "photo": SimpleUploadedFile("sam.jpg", photo),
        },
    )
    assert response.status_code == 302
    author = Author.objects.get()
    assert (author.photo_width, author.photo_height) == (600, 800)
    with author.photo.open() as stored, Image.open(stored) as image:
        assert not image.getexif() and "comment" not in image.info
    names = {path.name for path in stored_files(settings)}
    assert {f"{Path(author.photo.name).stem}-{w}w.avif" for w in (96, 192, 288, 480)} <= names


def test_a_photo_with_a_broken_colour_profile_is_stored(admin_client, settings):
    """An unreadable ICC profile is ignored, as for any profile PIL cannot use: no 500."""
    buffer = io.BytesIO()
    Image.new("RGB", (200, 150), (90, 120, 30)).save(buffer, "JPEG", icc_profile=b"junk" * 40)
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        form_data(
            make_author(),
            hero_image=SimpleUploadedFile("odd.jpg", buffer.getvalue()),
            hero_alt="A field",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (200, 150)
    with article.hero_image.open() as stored, Image.open(stored) as image:
        assert "icc_profile" not in image.info


def test_changing_the_crop_makes_a_new_social_card(admin_client, settings):
    """Choosing "Top" for a stored hero makes its top crop, which og:image then shows."""
    author = make_author()
    photo = SimpleUploadedFile("tall.jpg", photo_jpeg(width=900, height=1200))
    url = reverse("admin:articles_article_add")
    admin_client.post(url, form_data(author, hero_image=photo, hero_alt="Hills"))
    article = Article.objects.get()
    centre_card = article.hero_image.picture.card_url
    change = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.post(
        change, form_data(author, hero_alt="Hills", hero_crop="top", hero_image="")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    top_card = article.hero_image.picture.card_url
    assert top_card.endswith("-card-top.jpg") and top_card != centre_card
    root = Path(settings.MEDIA_ROOT)
    with (
        Image.open(root / top_card.removeprefix("/media/")) as top,
        Image.open(root / centre_card.removeprefix("/media/")) as centre,
    ):
        assert top.size == centre.size == (1200, 630)
        assert top.tobytes() != centre.tobytes()
    page = admin_client.get(article.get_absolute_url()).content.decode()
    assert f'content="http://127.0.0.1:8000{top_card}"' in page


def test_picture_fields_say_what_they_accept(admin_client):
    """The file input lists the four formats and the size limit its script checks."""
    content = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'accept="image/avif,image/jpeg,image/png,image/webp"' in content
    assert 'data-max-bytes="20971520"' in content
    assert '<script src="/static/js/picture-upload.js"' in content
