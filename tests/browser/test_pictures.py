"""The editor's picture upload in the admin, and what a phone then downloads, in a browser."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from articles.demo import photo_jpeg
from articles.models import Article
from tests.factories import make_author


@pytest.fixture
def editor(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = User.objects.create_superuser("editor", "editor@example.com", "editor-password")
    make_author(name="Ed Itor", slug="ed-itor", user=user)
    return user


def test_editor_uploads_a_phone_photo_and_a_phone_gets_a_small_upright_avif(
    live_server, page, browser, editor, tmp_path
):
    """An SVG is refused on the form; a sideways 4000×3000 photo is published upright, and a
    375 px phone at 3x downloads its 1200 px AVIF rendition at the photo's own 3:4 shape."""
    drawing = tmp_path / "drawing.svg"
    drawing.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(photo_jpeg(orientation=6))

    page.goto("/admin/articles/article/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Title").fill("A walk in the hills")
    page.get_by_label("Body").fill("Notes from the ridge.")
    page.get_by_label("Status").select_option(label="Published")
    page.get_by_label("Hero image alt text").fill("Green hills under an evening sky")
    page.locator("#id_hero_image").set_input_files(drawing)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist")).to_contain_text("not a picture the site can use")
    assert not Article.objects.exists()

    page.locator("#id_hero_image").set_input_files(photo)
    # Renditions are made during this save: several seconds of CPU on a busy machine.
    page.get_by_role("button", name="Save", exact=True).click(timeout=120_000)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (3000, 4000)

    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 800}, device_scale_factor=3
    )
    try:
        reader = phone.new_page()
        downloaded = []
        reader.on("response", lambda r: "/media/" in r.url and downloaded.append(r.url))
        reader.goto(article.get_absolute_url())
        hero = reader.get_by_alt_text("Green hills under an evening sky")
        expect(hero).to_be_visible()
        reader.wait_for_function("document.querySelector('.hero img').complete")
        source = hero.evaluate("img => img.currentSrc")
        assert source.endswith("-1200w.avif"), source
        assert downloaded == [source]
        box = hero.bounding_box()
        assert abs(box["height"] / box["width"] - 4 / 3) < 0.02
    finally:
        phone.close()


def test_a_file_over_the_limit_is_refused_on_the_field_before_sending(
    live_server, page, editor, tmp_path
):
    """A 50 MB file gets its message on the field at once; nothing is sent or stored."""
    huge = tmp_path / "huge.jpg"
    with huge.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("editor-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Title").fill("Too big")
    page.get_by_label("Body").fill("Text that must not be lost.")
    field = page.locator("#id_hero_image")
    field.set_input_files(huge)
    message = field.evaluate("input => input.validationMessage")
    assert message == "This file is 50.0 MB; pictures may be at most 20.0 MB."
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_label("Body")).to_have_value("Text that must not be lost.")
    assert page.url.endswith("/admin/articles/article/add/")
    assert not Article.objects.exists()
