"""What the comments section under an article shows, built for the article page's template.

The article page belongs to the articles app; its template includes comments/section.html,
which asks this module for one page of threads and the form (a bound one when the comments app
re-shows the page with errors).
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator

from .forms import CommentForm
from .models import Comment

COMMENTS_PER_PAGE = 50
PAGE_PARAMETER = "comments"


def reply_target(request, article):
    """The comment named by ?reply_to=, if readers can see it on this article."""
    try:
        pk = int(request.GET.get("reply_to", ""))
    except ValueError:
        return None
    return Comment.objects.visible().filter(article=article, pk=pk).first()


def form_initial(request, article):
    initial = {"parent": reply_target(request, article)}
    user = request.user
    if user.is_authenticated:  # staff replying on the site need not type who they are
        initial.update(name=user.get_full_name() or user.get_username(), email=user.email)
    return initial


def comment_section(request, article, *, form=None):
    """One page of an article's threads and the form.

    An article with no more visible comments than a page holds (most of them) takes one
    query; a longer one takes three (count, threads, replies), however many comments it has.
    """
    if article.comment_count <= COMMENTS_PER_PAGE:
        threads = all_threads(article)
    else:
        threads = Comment.objects.threads_for(article)
    page = Paginator(threads, COMMENTS_PER_PAGE).get_page(request.GET.get(PAGE_PARAMETER))
    if form is None:
        form = CommentForm(article=article, initial=form_initial(request, article))
    # Each comment's "Reply" link reloads this page of comments with ?reply_to=<id>.
    on_this_page = {PAGE_PARAMETER: page.number} if page.number > 1 else {}
    reply_link = f"{article.get_absolute_url()}?{urlencode({**on_this_page, 'reply_to': ''})}"
    return {"page": page, "form": form, "page_parameter": PAGE_PARAMETER, "reply_link": reply_link}


def all_threads(article):
    """Every thread of an article, as threads_for() gives them, from a single query.

    A reply is kept only under an approved thread, which is what Comment.objects.visible()
    means, checked here rather than by joining each reply to its parent.
    """
    comments = (
        Comment.objects.approved()
        .filter(article=article)
        .for_readers()
        .order_by("created_at", "pk")
    )
    threads, replies = {}, []
    for comment in comments:
        if comment.parent_id is None:
            comment.visible_replies = []
            threads[comment.pk] = comment
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].visible_replies.append(reply)
    # Pinned threads first, the latest pinned first, as threads_for() orders them.
    pinned = sorted((t for t in threads.values() if t.pinned_at), key=lambda t: t.pinned_at)
    return [*reversed(pinned), *(t for t in threads.values() if not t.pinned_at)]
