from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from articles.views import article_page_with_errors, postable_article
from breakingeven.ratelimit import parse_rate, visitor_hash

from . import services
from .forms import CommentForm
from .models import Comment
from .section import COMMENTS_PER_PAGE, PAGE_PARAMETER
from .threads import recent_threads
from .tokens import comment_id_from_stop_token, comments_posted_here, remember_comment

THREADS_IN_BOX = 5


@require_http_methods(["GET", "HEAD", "POST"])
def comment_create(request, slug):
    article = postable_article(slug)
    if request.method != "POST":  # a reload of a page with errors: back to a fresh form
        return redirect(f"{article.get_absolute_url()}#comment-form")
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return article_page_with_errors(request, article, status=400, comment_form=form)
    data = form.cleaned_data
    try:
        comment = services.comment_post(
            article=article,
            parent=data["parent"],
            name=data["name"],
            email=data["email"],
            body=data["body"],
            notify_on_reply=data["notify_on_reply"],
            honeypot=data["website"],
            visitor=visitor_hash(request),
            user=request.user,
            posted_here=comments_posted_here(request),
        )
    except services.RateLimited as refusal:
        # Only the form with the reader's text: rendering the whole article again for every
        # post over the limit would make the limit cheap to hit and dear to answer.
        context = {
            "article": article,
            "form": form,
            "form_template": "comments/section.html#comment_form",
            "message": str(refusal),
        }
        response = render(request, "rate_limited.html", context, status=429)
        response["Retry-After"] = str(parse_rate(settings.RATE_LIMITS["comment"])[1])
        return response
    except services.CommentRefused as refusal:
        form.add_error(None, str(refusal))
        return article_page_with_errors(request, article, status=400, comment_form=form)
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, "Thanks! Your comment is published.")
        response = redirect(comment)
    else:
        # Spam is thanked like any held comment: a bot learns nothing from the answer.
        messages.success(
            request,
            "Thanks! Your comment is awaiting moderation and will appear once an editor "
            "approves it.",
        )
        # The site's messages sit at the top of the page: land there to read this one. (Not
        # redirect(): it would first try the address as a URL name to reverse.)
        response = HttpResponseRedirect(f"{article.get_absolute_url()}#messages")
    remember_comment(response, request=request, comment=comment)
    return response


@require_safe
def comment_permalink(request, pk):
    """Send a link to one comment to the page of the article's comments that shows it."""
    comment = get_object_or_404(
        Comment.objects.visible()
        .filter(article__in=Article.objects.published())
        .select_related("article", "parent"),
        pk=pk,
    )
    thread = comment.parent or comment
    # Pinned threads come first, so they are on the first page.
    earlier = 0
    if thread.pinned_at is None:
        earlier = (
            Comment.objects.approved()
            .filter(article_id=comment.article_id, parent=None)
            .filter(
                Q(pinned_at__isnull=False)
                | Q(created_at__lt=thread.created_at)
                | Q(created_at=thread.created_at, pk__lt=thread.pk)
            )
            .count()
        )
    page = earlier // COMMENTS_PER_PAGE + 1
    query = f"?{PAGE_PARAMETER}={page}" if page > 1 else ""
    return redirect(f"{comment.article.get_absolute_url()}{query}#{comment.anchor}")


@require_safe
def discussions(request):
    """Recently active threads across the site: the page behind the box, for every reader."""
    return TemplateResponse(request, "comments/discussions.html", {"threads": recent_threads()})


@require_safe
def latest_threads(request):
    """The box's list alone, fetched by static/js/threads.js after the page has loaded."""
    context = {"threads": recent_threads()[:THREADS_IN_BOX]}
    return TemplateResponse(request, "comments/discussions.html#thread_list", context)


# Mail programs send the one-click "unsubscribe" POST (RFC 8058) without a CSRF token. The
# signed link is the credential, and all it can do is turn emails off for its own commenter.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def stop_reply_emails(request, token):
    """A link in reply emails: confirm with a button (link scanners only GET), then stop."""
    try:
        comment = Comment.objects.select_related("article").get(
            pk=comment_id_from_stop_token(token)
        )
    except (signing.BadSignature, Comment.DoesNotExist):
        return TemplateResponse(request, "comments/stop_reply_emails.html", {}, status=400)
    stopped = request.method == "POST"
    if stopped:
        Comment.objects.filter(email=comment.email).update(notify_on_reply=False)
    context = {"valid": True, "stopped": stopped, "article": comment.article}
    return TemplateResponse(request, "comments/stop_reply_emails.html", context)
