import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_and_scheduled_articles():
    """Only published articles whose time has come are visible."""
    visible = make_article()
    make_article(published=False)
    make_article(days_ago=-1)
    assert list(Article.objects.published()) == [visible]


def test_body_is_rendered_and_sanitized_on_save():
    """Markdown becomes HTML once, on save, with scripts removed."""
    article = make_article(body_markdown="## Rates\n\n<script>alert(1)</script> *fair*")
    assert '<h2 id="rates">' in article.body_html
    assert "<em>fair</em>" in article.body_html
    assert "<script" not in article.body_html


def test_reading_time_counts_words():
    """Reading time rounds up at about 230 words a minute."""
    article = make_article(body_markdown="word " * 500)
    assert article.reading_minutes == 3


def test_editing_a_live_article_marks_it_revised():
    """Changing the text of a published article records when it was revised."""
    article = make_article(days_ago=3)
    article = Article.objects.get(pk=article.pk)
    assert article.revised_at is None
    article.body_markdown += "\n\nA correction."
    article.save()
    assert article.revised_at is not None
    assert Article.objects.get(pk=article.pk).revised_at == article.revised_at


def test_counter_and_status_saves_are_not_revisions():
    """Saving counts, or saving without a change, leaves the revision time alone."""
    article = Article.objects.get(pk=make_article(days_ago=3).pk)
    article.comment_count = 4
    article.save(update_fields=["comment_count"])
    article.save()
    assert Article.objects.get(pk=article.pk).revised_at is None


def test_editing_a_draft_or_scheduled_article_is_not_a_revision():
    """Changes made before readers could see the article are not "updates"."""
    draft = Article.objects.get(pk=make_article(published=False).pk)
    scheduled = Article.objects.get(pk=make_article(days_ago=-2).pk)
    for article in (draft, scheduled):
        article.title = "New title"
        article.save()
        assert article.revised_at is None


def test_saving_only_counters_does_not_rerender_the_body():
    """A save limited to other fields leaves the stored HTML as it was."""
    article = make_article(body_markdown="Old words.")
    Article.objects.filter(pk=article.pk).update(body_html="<p>kept</p>")
    article = Article.objects.get(pk=article.pk)
    article.comment_count = 2
    article.save(update_fields=["comment_count"])
    assert Article.objects.get(pk=article.pk).body_html == "<p>kept</p>"


def test_text_changed_after_validation_is_rendered_anew():
    """The HTML saved is always that of the text saved, whatever was validated before."""
    article = make_article(body_markdown="First words.")
    article.full_clean()
    article.body_markdown = "Second words."
    article.save()
    assert "Second words." in Article.objects.get(pk=article.pk).body_html


def test_hero_image_requires_alt_text():
    """An article with a hero image but no alt text fails validation on hero_alt."""
    article = make_article()
    article.hero_image = "heroes/picture.png"
    article.hero_alt = "  "
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_alt" in error.value.message_dict


def test_database_refuses_hero_image_without_alt_text():
    """The check constraint holds even when validation is skipped."""
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(hero_image="heroes/x.png", hero_alt="")


def test_helpful_percent():
    """The helpful share is rounded, and None before any vote."""
    article = make_article()
    assert article.helpful_percent is None
    article.helpful_yes, article.helpful_no = 2, 1
    assert article.helpful_percent == 67


def test_live_matches_published_queryset():
    """An article is live exactly when published() would return it."""
    make_article(), make_article(published=False), make_article(days_ago=-1)
    live = set(Article.objects.published())
    cases = Article.objects.with_live()
    assert {article.live for article in cases} == {True, False}
    for article in cases:
        assert article.live == (article in live)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage setting")
def test_long_bodies_are_kept_out_of_the_articles_main_table():
    """The table that lists and Read next scan moves long bodies out of line (TOAST)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [Article._meta.db_table]
        )
        (options,) = cursor.fetchone()
    assert "toast_tuple_target=128" in (options or [])


def test_migration_renders_again_the_bodies_whose_ids_the_page_uses():
    """Stored HTML from before headings kept clear of the page's ids is rendered anew."""
    from importlib import import_module

    from django.apps import apps

    from tests.test_markup import TOO_DEEP

    migration = import_module("articles.migrations.0011_headings_clear_of_page_ids")
    clashing = make_article(body_markdown="## Comments\n\nSay so.")
    clear = make_article(body_markdown="## Pay\n\nEnough.")
    # Text refused since it was saved stays as it was rather than stop the migration.
    too_deep = make_article()
    Article.objects.filter(pk=too_deep.pk).update(body_markdown=TOO_DEEP[1])
    Article.objects.filter(pk__in=[clashing.pk, too_deep.pk]).update(
        body_html='<h2 id="comments">Comments</h2>'
    )
    Article.objects.filter(pk=clear.pk).update(body_html='<h2 id="pay">As it was</h2>')
    migration.render_again(apps, None)
    clashing.refresh_from_db()
    clear.refresh_from_db()
    too_deep.refresh_from_db()
    assert '<h2 id="comments_1">' in clashing.body_html
    assert clear.body_html == '<h2 id="pay">As it was</h2>'
    assert too_deep.body_html == '<h2 id="comments">Comments</h2>'
