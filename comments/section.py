"""What the comments section under an article shows, built for the article page's template.

The article page belongs to the articles app; its template includes comments/section.html,
which asks this module for one page of threads and the form (a bound one when the comments app
re-shows the page with errors).
"""

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
    """One page of an article's threads (a fixed number of queries however many) and the form."""
    paginator = Paginator(Comment.objects.threads_for(article), COMMENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get(PAGE_PARAMETER))
    if form is None:
        form = CommentForm(article=article, initial=form_initial(request, article))
    return {"page": page, "form": form, "page_parameter": PAGE_PARAMETER}
