import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, SearchDocument
from tests.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def titles(queryset):
    return [article.title for article in queryset]


def test_search_finds_words_in_title_standfirst_and_body():
    """A word anywhere in the title, standfirst or body finds the article."""
    in_title = make_article(title="Invoices for beginners", dek="", body_markdown="Text.")
    in_dek = make_article(title="Paperwork", dek="Sending invoices on time.", body_markdown="x")
    in_body = make_article(title="Money", dek="", body_markdown="Chasing late invoices.")
    make_article(title="Unrelated", dek="", body_markdown="Nothing here.")
    found = set(Article.objects.published().search("invoices"))
    assert found == {in_title, in_dek, in_body}


def test_search_never_finds_drafts_or_scheduled_articles(client):
    """Unpublished articles stay out of search results."""
    make_article(title="Visible invoices")
    make_article(title="Draft invoices", published=False)
    make_article(title="Future invoices", days_ago=-1)
    content = client.get(reverse("articles:search"), {"q": "invoices"}).content.decode()
    assert "Visible invoices" in content
    assert "Draft invoices" not in content and "Future invoices" not in content


@postgresql_only
def test_title_matches_rank_above_body_matches():
    """A match in the title outranks one deep in the body, whatever the dates."""
    body_match = make_article(title="Money", body_markdown="About taxes.", days_ago=1)
    title_match = make_article(title="Taxes", body_markdown="Filing.", days_ago=30)
    assert titles(Article.objects.published().search("taxes")) == [
        title_match.title,
        body_match.title,
    ]


@postgresql_only
def test_search_understands_word_forms_and_phrases():
    """English stemming matches "paying" to "pay"; quotes ask for a phrase."""
    article = make_article(title="Who pays on time", body_markdown="Platforms paying late.")
    make_article(title="Late night", body_markdown="Queue empty, platforms quiet.")
    assert titles(Article.objects.published().search("paid")) == []
    assert titles(Article.objects.published().search("paying")) == [article.title]
    assert titles(Article.objects.published().search('"paying late"')) == [article.title]


@postgresql_only
def test_search_page_and_count_use_the_index_on_the_stored_document(client):
    """Both queries behind a results page can find a rare word through the GIN index on the
    stored document, and neither recomputes a document from the article text.

    A table this small is read faster whole, so plain scans are ruled out to see whether the
    index fits the queries; on the bench's 1,000 articles PostgreSQL picks it unasked.
    """
    author = make_author()
    Article.objects.bulk_create(
        Article(
            title=f"Filler {number}",
            slug=f"filler-{number}",
            author=author,
            body_markdown="Queue notes.",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for number in range(300)
    )
    make_article(title="Taxes")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("articles:search"), {"q": "taxes"})
        searches = [query["sql"] for query in queries if "articles_searchdocument" in query["sql"]]
        assert len(searches) == 2  # the page's count, then the page
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for sql in searches:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "article_search_document_gin" in plan
            assert "to_tsvector" not in plan


def test_saving_an_article_changes_what_search_finds():
    """After an edit, search finds the new words and no longer the old ones."""
    article = make_article(title="Invoices", dek="", body_markdown="Chasing payments.")
    article.title, article.body_markdown = "Receipts", "Keeping records."
    article.save()
    assert titles(Article.objects.published().search("invoices")) == []
    assert titles(Article.objects.published().search("payments")) == []
    assert titles(Article.objects.published().search("receipts")) == ["Receipts"]
    assert titles(Article.objects.published().search("records")) == ["Receipts"]


def test_text_written_without_save_is_searchable_too():
    """QuerySet.update() and bulk_create(), which skip save(), still change what search finds."""
    edited = make_article(title="Edited", dek="", body_markdown="Old words.")
    Article.objects.filter(pk=edited.pk).update(dek="Overtime rules.")
    Article.objects.bulk_create(
        [
            Article(
                title="Bulk",
                slug="bulk",
                author=make_author(),
                body_markdown="Overtime pay.",
                status=Article.Status.PUBLISHED,
                published_at=edited.published_at,
            )
        ]
    )
    assert set(titles(Article.objects.published().search("overtime"))) == {"Edited", "Bulk"}


@postgresql_only
def test_an_article_s_search_document_goes_with_it():
    """Deleting an article deletes its stored search document."""
    article = make_article(title="Taxes")
    assert SearchDocument.objects.filter(article=article).exists()
    article.delete()
    assert not SearchDocument.objects.exists()


def test_search_combines_with_joins_and_subqueries():
    """Search works on a filtered set and inside another query."""
    tag = make_tag()
    tagged = make_article(title="Tagged taxes", tags=[tag])
    make_article(title="Untagged taxes")
    assert titles(Article.objects.filter(tags=tag).search("taxes")) == [tagged.title]
    inner = Article.objects.filter(tags=tag).search("taxes").values("pk")
    assert titles(Article.objects.filter(pk__in=inner)) == [tagged.title]


def test_search_page_lists_results_with_a_count(client):
    """The search page shows how many articles matched and lists them."""
    make_article(title="Tax season for gig trainers")
    make_article(title="Tax forms explained")
    response = client.get(reverse("articles:search"), {"q": "tax"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "2 articles for “tax”" in content
    assert "Tax season for gig trainers" in content and "Tax forms explained" in content


def test_search_page_without_a_query_shows_the_form(client):
    """An empty search is just the form, with no error."""
    response = client.get(reverse("articles:search"), {"q": "   "})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'type="search"' in content
    assert "results-heading" not in content


def test_search_with_no_matches_says_so(client):
    """A search that finds nothing says so and suggests what to do."""
    make_article(title="Rates")
    content = client.get(reverse("articles:search"), {"q": "zebra"}).content.decode()
    assert "0 articles" in content
    assert "Nothing matches" in content


def test_over_long_search_is_a_400_with_a_message(client):
    """A query over 200 characters is refused with a clear message."""
    response = client.get(reverse("articles:search"), {"q": "word " * 60})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


# Runs of minus signs: PostgreSQL refuses a chain of 33 negations or more.
@pytest.mark.parametrize(
    "q", ["'", '"', "&|!", "<script>", "a:*", "((", "-", "-" * 40, "- " * 40 + "x", "-(" * 40 + "x"]
)
def test_odd_search_input_never_fails(client, q):
    """Quotes, operators and markup in a query are harmless."""
    make_article(title="Rates")
    response = client.get(reverse("articles:search"), {"q": q})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


@postgresql_only
def test_a_run_of_minus_signs_excludes_a_word_as_often_as_postgresql_would():
    """An odd run of negations excludes the word, an even one keeps it, however long."""
    rates = make_article(title="Rates")
    invoices = make_article(title="Invoices")
    search = Article.objects.published().search
    assert titles(search("-rates")) == [invoices.title]
    assert titles(search("--rates")) == [rates.title]
    assert titles(search("- " * 41 + "rates")) == [invoices.title]
    assert titles(search("-(-" * 20 + "rates")) == [rates.title]
    assert titles(search("invoices " + "-" * 41 + "rates")) == [invoices.title]


def test_search_results_paginate_and_keep_the_query(client):
    """Page links keep the search words."""
    for n in range(12):
        make_article(title=f"Taxes part {n}", days_ago=n)
    content = client.get(reverse("articles:search"), {"q": "taxes"}).content.decode()
    assert 'href="?q=taxes&amp;page=2"' in content
    second = client.get(reverse("articles:search"), {"q": "taxes", "page": 2})
    assert second.content.decode().count('<article class="card') == 2


def test_search_results_are_not_indexed(client):
    """Result pages ask search engines not to index them."""
    content = client.get(reverse("articles:search"), {"q": "rates"}).content.decode()
    assert '<meta name="robots" content="noindex">' in content
