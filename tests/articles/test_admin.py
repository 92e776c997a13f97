import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from markdown import Markdown

from articles.demo import hero_png
from articles.models import Article, Author, Vote
from articles.services import vote_cast
from breakingeven.markup import DIRECTIVES
from tests.factories import make_article, make_author, make_tag

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def form_data(author, **overrides):
    now = timezone.localtime()
    data = {
        "title": "Tax season",
        "slug": "tax-season",
        "dek": "What to file.",
        "body_markdown": "## Forms\n\nFill them in.",
        "hero_alt": "",
        "hero_caption": "",
        "meta_description": "",
        "status": "published",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
        "author": author.pk,
        "tags": [],
    }
    data.update(overrides)
    return data


def change_data(article, **overrides):
    """The change form as the admin shows it for `article`, with `overrides`."""
    published = timezone.localtime(article.published_at)
    fields = {
        "title": article.title,
        "slug": article.slug,
        "dek": article.dek,
        "published_at_0": published.strftime("%Y-%m-%d"),
        "published_at_1": published.strftime("%H:%M:%S"),
    }
    return form_data(article.author, **{**fields, **overrides})


def png_upload():
    return SimpleUploadedFile("hero.png", hero_png(2, width=40, height=20), "image/png")


def test_staff_preview_shows_a_draft_as_readers_will_see_it(admin_client):
    """The preview renders a draft with the reader's page, marked as a preview."""
    draft = make_article(published=False, body_markdown="## Not yet\n\nSoon.")
    response = admin_client.get(preview_url(draft))
    content = response.content.decode()
    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert '<h2 id="not-yet">' in content
    assert "This draft is not visible to readers." in content
    assert '<meta name="robots" content="noindex">' in content


def test_preview_of_a_scheduled_article_names_its_time(admin_client):
    """A scheduled article's preview says when it goes live."""
    scheduled = make_article(days_ago=-2)
    content = admin_client.get(preview_url(scheduled)).content.decode()
    assert "readers cannot see it yet" in content


def test_preview_of_a_live_article_says_readers_see_it(admin_client):
    """A published article's preview says readers see it, not that it is scheduled."""
    content = admin_client.get(preview_url(make_article())).content.decode()
    assert "This article is live: readers see it as shown." in content
    assert "Scheduled for" not in content


def test_preview_is_for_staff_only(client, django_user_model):
    """Anonymous visitors and non-staff users are sent to the admin login."""
    draft = make_article(published=False, title="Hidden plans")
    assert client.get(preview_url(draft)).status_code == 302
    django_user_model.objects.create_user("reader", password="pw-for-tests-123")
    client.login(username="reader", password="pw-for-tests-123")
    response = client.get(preview_url(draft))
    assert response.status_code == 302
    assert "Hidden plans" not in response.content.decode()


def test_preview_of_unknown_article_is_404(admin_client):
    """A preview address for no article is not found."""
    assert admin_client.get("/admin/articles/article/999999/preview/").status_code == 404


def test_change_form_links_to_the_preview(admin_client):
    """ "View on site" on the edit page opens the preview, which works before publication."""
    draft = make_article(published=False)
    response = admin_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert preview_url(draft) in response.content.decode()


def test_add_form_prefills_slug_and_author(admin_client, admin_user):
    """The slug is filled from the title, and the author defaults to the editor's own."""
    author = make_author(user=admin_user)
    content = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "data-prepopulated-fields" in content and "#id_slug" in content
    assert f'<option value="{author.pk}" selected>' in content


def test_editor_publishes_a_new_article(admin_client):
    """An article saved from the admin is published with its tags and rendered body."""
    author, tag = make_author(), make_tag()
    response = admin_client.post(
        reverse("admin:articles_article_add"), form_data(author, tags=[tag.pk])
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="tax-season")
    assert list(Article.objects.published()) == [article]
    assert list(article.tags.all()) == [tag]
    assert '<h2 id="forms">' in article.body_html


def test_saving_from_the_admin_renders_the_body_once(admin_client, monkeypatch):
    """The check of the text and the save share one rendering, directives included."""
    converted, expanded = [], []
    convert, tier_list = Markdown.convert, DIRECTIVES["tierlist"]
    monkeypatch.setattr(
        Markdown, "convert", lambda md, text: converted.append(text) or convert(md, text)
    )
    monkeypatch.setitem(
        DIRECTIVES, "tierlist", lambda args: expanded.append(args) or tier_list(args)
    )
    body = "## Forms\n\n[[tierlist]]"
    response = admin_client.post(
        reverse("admin:articles_article_add"), form_data(make_author(), body_markdown=body)
    )
    assert response.status_code == 302
    assert (converted, expanded) == ([body], [{}])
    assert '<h2 id="forms">' in Article.objects.get(slug="tax-season").body_html


def test_markdown_nested_too_deeply_is_refused_with_a_message(admin_client):
    """A body the renderer cannot follow is sent back to the editor, not answered with a 500."""
    from tests.test_markup import TOO_DEEP

    # The emphasis: the list nests too deeply only past the length limit, which refuses it first.
    response = admin_client.post(
        reverse("admin:articles_article_add"), form_data(make_author(), body_markdown=TOO_DEEP[1])
    )
    assert response.status_code == 200
    assert "nests lists, quotes or emphasis too deeply" in response.content.decode()
    assert not Article.objects.exists()


def test_a_body_opening_with_indented_code_is_saved_as_typed(admin_client):
    """Leading spaces are Markdown: the admin keeps them, so the opening code stays code."""
    body = "    $ pip install tallyline\n\nThen sign in."
    response = admin_client.post(
        reverse("admin:articles_article_add"), form_data(make_author(), body_markdown=body)
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="tax-season")
    assert article.body_markdown == body
    assert "<pre><code>$ pip install tallyline" in article.body_html


def test_a_body_of_spaces_alone_is_refused(admin_client):
    """Keeping spaces does not make blank text a body."""
    response = admin_client.post(
        reverse("admin:articles_article_add"), form_data(make_author(), body_markdown="  \n  ")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body_markdown"] == ["This field is required."]
    assert not Article.objects.exists()


def test_a_body_over_the_length_limit_is_refused_with_a_message(admin_client):
    """A body too long to render quickly is sent back whole, with its length and the limit."""
    body = "- a list item\n" * 8_000
    response = admin_client.post(
        reverse("admin:articles_article_add"), form_data(make_author(), body_markdown=body)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body_markdown"] == [
        "This text is too long to publish: it has 112000 characters, and the limit is 100000 "
        "(about 15,000 words). Split it into parts."
    ]
    assert not Article.objects.exists()
    # The form keeps the whole text, and the browser is not told to cut a paste short.
    assert body in response.content.decode()
    assert "maxlength" not in str(response.context["adminform"].form["body_markdown"])


def test_hero_image_without_alt_text_is_refused(admin_client):
    """Uploading a hero image without alt text shows an error on the alt text field."""
    author = make_author()
    response = admin_client.post(
        reverse("admin:articles_article_add"), form_data(author, hero_image=png_upload())
    )
    assert response.status_code == 200
    assert "Describe the hero image" in response.content.decode()
    assert not Article.objects.exists()
    response = admin_client.post(
        reverse("admin:articles_article_add"),
        form_data(author, hero_image=png_upload(), hero_alt="Rings on red."),
    )
    assert response.status_code == 302
    assert Article.objects.get().hero_alt == "Rings on red."


def test_editing_a_live_article_in_the_admin_marks_it_updated(admin_client):
    """Saving a changed body from the admin sets the revision time readers see."""
    article = make_article(days_ago=5)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_data(article, body_markdown="A corrected body.")
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.revised_at is not None


def test_saving_a_live_article_unchanged_does_not_mark_it_updated(admin_client):
    """Browsers send CRLF line endings: the same text is not a revision."""
    article = make_article(days_ago=5, body_markdown="## Rates\n\nThey went up.\n")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = change_data(article, body_markdown="## Rates\r\n\r\nThey went up.\r\n")
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.revised_at is None


def test_editing_an_article_in_the_admin_changes_what_search_finds(admin_client, client):
    """Readers' search finds an article by the words an editor just saved, not the old ones."""
    article = make_article(title="Invoices", days_ago=5)
    url = reverse("admin:articles_article_change", args=[article.pk])
    published = timezone.localtime(article.published_at)
    data = form_data(
        article.author,
        title="Receipts",
        slug=article.slug,
        body_markdown="Keep every receipt for the tax year.",
        published_at_0=published.strftime("%Y-%m-%d"),
        published_at_1=published.strftime("%H:%M:%S"),
    )
    assert admin_client.post(url, data).status_code == 302
    search = reverse("articles:search")
    assert "1 article for" in client.get(search, {"q": "tax year"}).content.decode()
    assert "0 articles for" in client.get(search, {"q": "invoices"}).content.decode()


def test_changing_a_live_articles_slug_keeps_its_old_address_working(admin_client, client):
    """Links already shared (in a sent newsletter, say) lead to the article's new address."""
    article = make_article(slug="tax-season")
    change = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.post(change, change_data(article, slug="tax-season-2026"))
    assert response.status_code == 302
    assert client.get("/articles/tax-season/")["Location"] == "/articles/tax-season-2026/"
    page = admin_client.get(change).content.decode()
    assert "/articles/tax-season/: links to them send readers here." in page


CONTROL_CHARACTERS = (
    "Please take out the control characters (a line break pasted from a document, say)."
)


@pytest.mark.parametrize("field", ["title", "dek", "meta_description"])
def test_article_text_with_a_control_character_is_refused(admin_client, client, field):
    """A vertical tab pasted from a word processor would make every feed listing it a 500."""
    data = form_data(make_author(), **{field: "Pay\x0bday"})
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [CONTROL_CHARACTERS]
    assert not Article.objects.exists()
    assert client.get("/feed/").status_code == 200


@pytest.mark.parametrize("model", ["author", "tag"])
def test_author_and_tag_names_with_a_control_character_are_refused(admin_client, model):
    """Authors' and tags' names go into the feeds too."""
    response = admin_client.post(
        reverse(f"admin:articles_{model}_add"), {"name": "Sam\x0cOrtiz", "slug": "sam-ortiz"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [CONTROL_CHARACTERS]


def test_changelist_shows_status_comments_and_helpful_counts(admin_client):
    """The list shows visibility, comment count, Yes, No and the helpful share."""
    live = make_article(title="Live one")
    Article.objects.filter(pk=live.pk).update(comment_count=7)
    for voter, helpful in enumerate([True, True, True, False]):
        vote_cast(article=live, voter_id=str(voter), helpful=helpful)
    make_article(title="Future one", days_ago=-1)
    make_article(title="Draft one", published=False)
    content = admin_client.get(reverse(CHANGELIST)).content.decode()
    row = content[content.index("Live one") :].split("</tr>")[0]
    for cell in ("Live", "7", "3", "1", "75%"):
        assert f">{cell}</td>" in row
    assert ">Scheduled</td>" in content and ">Draft</td>" in content


def test_changelist_query_count_does_not_grow_with_articles(admin_client):
    """Counts come from stored counters, not a query per row."""
    make_article()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(reverse(CHANGELIST)).status_code == 200
        return len(captured)

    before = queries()
    for n in range(8):
        article = make_article(tags=[make_tag()])
        vote_cast(article=article, voter_id=f"v{n}", helpful=False, note="More detail.")
    assert queries() == before


@pytest.mark.parametrize(
    ("visibility", "expected"),
    [("live", "Live one"), ("scheduled", "Future one"), ("draft", "Draft one")],
)
def test_changelist_filters_by_visibility(admin_client, visibility, expected):
    """Editors can list live, scheduled or draft articles."""
    make_article(title="Live one")
    make_article(title="Future one", days_ago=-1)
    make_article(title="Draft one", published=False)
    response = admin_client.get(reverse(CHANGELIST), {"visibility": visibility})
    titles = [article.title for article in response.context["cl"].result_list]
    assert titles == [expected]


def test_changelist_search_finds_body_text(admin_client):
    """Search in the list looks through titles, standfirsts and bodies."""
    make_article(title="Found", body_markdown="Mentions escrow.")
    make_article(title="Not found")
    response = admin_client.get(reverse(CHANGELIST), {"q": "escrow"})
    assert [a.title for a in response.context["cl"].result_list] == ["Found"]


def test_bulk_publish_and_unpublish(admin_client):
    """Bulk actions publish drafts (keeping future times) and move articles back to draft."""
    draft = make_article(published=False, published_at=None)
    future = make_article(published=False, days_ago=-3)
    admin_client.post(
        reverse(CHANGELIST), {"action": "publish", "_selected_action": [draft.pk, future.pk]}
    )
    draft, future = (Article.objects.with_live().get(pk=a.pk) for a in (draft, future))
    assert draft.live and draft.published_at is not None
    assert future.status == Article.Status.PUBLISHED and not future.live
    admin_client.post(reverse(CHANGELIST), {"action": "unpublish", "_selected_action": [draft.pk]})
    assert not Article.objects.published().exists()


def test_bulk_publish_says_which_articles_are_only_scheduled(admin_client):
    """Publishing a draft with a future time reports it as scheduled, not as published."""
    drafts = [make_article(published=False, days_ago=days) for days in (1, -3, -4)]
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "publish", "_selected_action": [draft.pk for draft in drafts]},
        follow=True,
    )
    said = [str(message) for message in response.context["messages"]]
    assert said == [
        "Published 1 article(s). Scheduled 2 article(s) for their future publication time; "
        "readers see them from then."
    ]


def test_publication_time_help_says_a_draft_stays_a_draft(admin_client):
    """The form does not promise that a future time alone schedules a draft."""
    content = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "a draft stays a draft whatever the time" in content


def test_editors_read_no_notes_in_the_vote_admin(admin_client):
    """Notes from No answers are listed for editors, filterable by article."""
    article = make_article(title="Rates")
    other = make_article(title="Other")
    vote_cast(article=article, voter_id="a", helpful=False, note="Numbers for Europe, please.")
    vote_cast(article=other, voter_id="b", helpful=False, note="Unrelated note.")
    url = reverse("admin:articles_vote_changelist")
    content = admin_client.get(url, {"article__id__exact": article.pk}).content.decode()
    assert "Numbers for Europe, please." in content
    assert "Unrelated note." not in content
    feedback = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert f"{url}?article__id__exact={article.pk}" in feedback.content.decode()


def test_votes_are_read_only_in_the_admin(admin_client):
    """Editors cannot add, change or delete votes, so the counters stay exact."""
    vote = vote_cast(article=make_article(), voter_id="a", helpful=False, note="Hmm.")
    change_url = reverse("admin:articles_vote_change", args=[vote.pk])
    page = admin_client.get(change_url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse("admin:articles_vote_add")).status_code == 403
    delete_url = reverse("admin:articles_vote_delete", args=[vote.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert admin_client.post(change_url, {"note": "Edited"}).status_code == 403
    assert Vote.objects.get().note == "Hmm."


def test_author_and_tag_admins_list_their_articles(admin_client):
    """The author and tag lists load with article counts."""
    tag = make_tag(name="Craft")
    make_article(author=make_author(name="Rowan"), tags=[tag])
    authors = admin_client.get(reverse("admin:articles_author_changelist"))
    tags = admin_client.get(reverse("admin:articles_tag_changelist"))
    assert "Rowan" in authors.content.decode() and "Craft" in tags.content.decode()
    assert authors.context["cl"].result_list[0].article_count == 1
    assert tags.context["cl"].result_list[0].article_count == 1


def test_author_admin_edits_name_slug_bio_and_photo(admin_client):
    """An editor can create an author with a bio and photo."""
    response = admin_client.post(
        reverse("admin:articles_author_add"),
        {
            "name": "Sam Ortiz",
            "slug": "sam-ortiz",
            "bio": "Physician turned evaluator.",
            "photo": png_upload(),
            "photo_alt": "Sam at a desk",
        },
    )
    assert response.status_code == 302
    author = Author.objects.get(slug="sam-ortiz")
    assert author.bio == "Physician turned evaluator." and author.photo


def test_vote_admin_filters_answers_with_notes(admin_client):
    """Editors can list only the answers that carry a note."""
    article = make_article()
    vote_cast(article=article, voter_id="a", helpful=False, note="Say more about taxes.")
    vote_cast(article=article, voter_id="b", helpful=True)
    response = admin_client.get(reverse("admin:articles_vote_changelist"), {"has_note": "yes"})
    assert [vote.note for vote in response.context["cl"].result_list] == ["Say more about taxes."]


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_tag_picker_lists_tags_by_name(admin_client):
    """The article form's tag picker pages through tags in name order (the admin's counting
    query would otherwise lose the model's ordering)."""
    for name in ["Taxes", "Pay rates", "Platforms"]:
        make_tag(name=name)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    names = [result["text"] for result in response.json()["results"]]
    assert names == sorted(names) and len(names) == 3


def test_an_article_readers_voted_on_can_be_deleted(admin_client):
    """Votes are read-only in the admin, yet they go with their article when it is deleted."""
    article = make_article()
    vote_cast(article=article, voter_id="a", helpful=True)
    url = reverse("admin:articles_article_delete", args=[article.pk])
    assert "permission to delete" not in admin_client.get(url).content.decode()
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.exists() and not Vote.objects.exists()
