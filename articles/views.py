from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from breakingeven.ratelimit import hit, parse_rate, visitor_hash

from .forms import SearchForm, VoteForm
from .models import Article, Author, Tag
from .page_queries import published_article, read_next_for, tags_of
from .services import vote_cast

PAGE_SIZE = 10

# The reader's random voter id travels in a signed cookie: it cannot be forged to vote as
# someone else, and it says nothing about who the reader is.
VOTER_COOKIE = "voter"
VOTER_SALT = "articles.vote"
VOTER_COOKIE_AGE = 365 * 24 * 60 * 60
# Readable by helpful.js (it holds nothing): tells it there is a vote of the reader's to ask
# for, so readers who never voted send no request for it.
VOTED_COOKIE = "voted"

VOTE_THANKS = {
    (True, False): "Thanks for letting us know it helped.",
    (False, False): "Thanks for telling us. If you like, say what was missing.",
    (False, True): "Thanks. Your note goes straight to the editors.",
}
VOTE_TOO_FAST = "You have answered many times in a short while. Please wait a minute and try again."


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().summaries()


def voter_id_of(request):
    """The voter id from the reader's signed cookie; None if absent or tampered with."""
    return request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_SALT)


def render_article_page(request, article, *, status=200, **extra_context):
    """The one place that builds an article page, also used to show a form's errors in place.

    The same for every reader, so that voters get the cached page too: a reader's own
    answer comes from vote_state(), which helpful.js asks.
    """
    tags = tags_of(article)
    context = {
        "article": article,
        "tags": tags,
        "read_next": read_next_for(article, tags=tags),
        "vote_form": VoteForm(),
        **extra_context,
    }
    return TemplateResponse(request, "articles/article_detail.html", context, status=status)


def article_page_with_errors(request, article, *, status, **extra_context):
    """The article page again for a form posted from it (postable_article loaded only a few
    of the article's fields)."""
    article = published_article(article.slug)
    return render_article_page(request, article, status=status, **extra_context)


@require_safe
def article_detail(request, slug):
    try:
        article = published_article(slug)
    except Http404:
        # An address from before the article's slug changed: send the link on, for good.
        moved = Article.objects.published().filter(former_slugs__slug=slug).only("slug").first()
        if moved is None:
            raise
        return redirect(moved, permanent=True)
    return render_article_page(request, article)


class AuthorView(ListView):
    template_name = "articles/author_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().filter(author=self.author).summaries()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TagView(ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).summaries()

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


@require_safe
def search(request):
    """Full-text search over published articles; an empty query shows just the form."""
    terms = request.GET.get("q", "").strip()
    form = SearchForm({"q": terms} if terms else None)
    context = {"form": form, "page_obj": None}
    if form.is_valid():
        matches = Article.objects.published().search(form.cleaned_data["q"])
        page_obj = Paginator(matches.summaries(), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page_obj=page_obj,
            paginator=page_obj.paginator,
            articles=page_obj.object_list,
            is_paginated=page_obj.has_other_pages(),
        )
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "articles/search.html", context, status=status)


def _wants_json(request):
    # helpful.js asks for JSON; a plain form post prefers HTML.
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _vote_refused(request, article, status, message, form=None):
    if _wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return article_page_with_errors(
        request, article, status=status, vote_form=form or VoteForm(), vote_error=message
    )


def _vote_too_fast(request, article):
    status = HTTPStatus.TOO_MANY_REQUESTS
    if _wants_json(request):
        response = JsonResponse({"error": VOTE_TOO_FAST}, status=status)
    else:
        # Only the form with the reader's note: rendering the whole article again for every
        # post over the limit would make the limit cheap to hit and dear to answer.
        context = {
            "article": article,
            "vote_form": VoteForm(request.POST),
            "form_template": "articles/_helpful.html",
            "message": VOTE_TOO_FAST,
        }
        response = render(request, "rate_limited.html", context, status=status)
    response["Retry-After"] = str(parse_rate(settings.RATE_LIMITS["vote"])[1])
    return response


def postable_article(slug):
    """The published article a form posts to, with only its id, slug and author; or 404."""
    articles = Article.objects.published().only("slug", "author_id")
    return get_object_or_404(articles, slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
def vote(request, slug):
    """Record "Was this helpful?"; answers JSON to helpful.js, or redirects back to the page.

    GET answers the reader's own vote on the article, as JSON, for helpful.js.
    """
    if request.method != "POST":
        return vote_state(request, slug)
    article = postable_article(slug)
    visitor = visitor_hash(request)
    if not hit("vote", visitor):
        return _vote_too_fast(request, article)
    form = VoteForm(request.POST)
    if not form.is_valid():
        message = " ".join(error for errors in form.errors.values() for error in errors)
        return _vote_refused(request, article, HTTPStatus.BAD_REQUEST, message, form)
    vote = vote_cast(
        article=article,
        voter_id=voter_id_of(request),
        helpful=form.cleaned_data["helpful"],
        note=form.cleaned_data["note"],
        # A first vote on the article may count once per visitor and article in a window, with
        # the cookie or without: every cookieless vote hands out a cookie, so one proves no
        # new reader.
        first_counts=lambda: hit("new_voter", f"{visitor}:{article.pk}"),
    )
    thanks = VOTE_THANKS[vote.helpful, bool(not vote.helpful and form.cleaned_data["note"])]
    if _wants_json(request):
        response = JsonResponse({"helpful": vote.helpful, "message": thanks})
    else:
        # The page itself never shows a reader's answer (it is the same for all): say it here.
        messages.success(request, f"You answered {'Yes' if vote.helpful else 'No'}. {thanks}")
        # Not redirect(): it would first try the address as a URL name to reverse.
        response = HttpResponseRedirect(f"{article.get_absolute_url()}#helpful")
    response.set_signed_cookie(
        VOTER_COOKIE,
        vote.voter_id,
        salt=VOTER_SALT,
        max_age=VOTER_COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    response.set_cookie(
        VOTED_COOKIE,
        "1",
        max_age=VOTER_COOKIE_AGE,
        secure=request.is_secure(),
        httponly=False,  # read by helpful.js
        samesite="Lax",
    )
    return response


@never_cache
def vote_state(request, slug):
    """The reader's own answer on a published article: {"helpful": true, false or null}."""
    try:
        article = postable_article(slug)
    except Http404:
        error = "No published article with this address."
        return JsonResponse({"error": error}, status=HTTPStatus.NOT_FOUND)
    helpful = None
    if (voter_id := voter_id_of(request)) is not None:
        helpful = article.votes.filter(voter_id=voter_id).values_list("helpful", flat=True).first()
    return JsonResponse({"helpful": helpful})
