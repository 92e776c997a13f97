from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from breakingeven.ratelimit import parse_rate, visitor_hit

from . import services, tokens
from .forms import SignupForm
from .models import Subscriber

# Past the configured signup limit a visitor still sees the neutral answer; this many times
# past it, the requests are a flood and get 429.
FLOOD_FACTOR = 4


def _flood_rate():
    limit, window = parse_rate(settings.RATE_LIMITS["signup"])
    return f"{limit * FLOOD_FACTOR}/{window}"


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.method != "POST":
        return TemplateResponse(request, "newsletter/signup.html", {"signup_form": SignupForm()})
    if not visitor_hit("signup-flood", request, rate=_flood_rate()):
        response = TemplateResponse(request, "newsletter/too_many.html", status=429)
        response["Retry-After"] = str(parse_rate(settings.RATE_LIMITS["signup"])[1])
        return response
    form = SignupForm(request.POST)
    if not form.is_valid():
        return TemplateResponse(
            request, "newsletter/signup.html", {"signup_form": form}, status=400
        )
    # The honeypot and the visitor limit end here, with the same answer as a real signup.
    if not form.is_bot() and visitor_hit("signup", request):
        services.subscription_request(
            email=form.cleaned_data["email"], signup_page=form.cleaned_data["signup_page"]
        )
    return redirect("newsletter:check_inbox")


@require_safe
def check_inbox(request):
    return TemplateResponse(request, "newsletter/check_inbox.html")


def _link_problem(request, *, expired, email="", replaced=False):
    """A confirmation link that no longer works, with a form to get a new one."""
    form = SignupForm(initial={"email": email, "signup_page": reverse("newsletter:signup")})
    context = {"expired": expired, "replaced": replaced, "signup_form": form}
    return TemplateResponse(
        request,
        "newsletter/confirm_invalid.html",
        context,
        status=410 if expired or replaced else 400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    # GET only shows a button: mail scanners open links, and must not confirm anybody.
    try:
        subscriber_id, sent_at = tokens.confirm_link(token)
    except tokens.ExpiredToken:
        subscriber_id, _ = tokens.expired_confirm_link(token)
        subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
        email = subscriber.email if subscriber and not subscriber.is_erased else ""
        return _link_problem(request, expired=True, email=email)
    except tokens.BadToken:
        return _link_problem(request, expired=False)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    # Purged after 30 days unconfirmed, or erased: its placeholder address is nobody's.
    if subscriber is None or subscriber.is_erased:
        return _link_problem(request, expired=True)
    already = subscriber.status == Subscriber.Status.CONFIRMED
    if not already and not subscriber.confirmable_by(sent_at):
        return _link_problem(request, expired=False, replaced=True, email=subscriber.email)
    if request.method == "POST":
        services.subscription_confirm(subscriber=subscriber, link_sent_at=sent_at)
        return redirect("newsletter:subscribed")
    return TemplateResponse(
        request, "newsletter/confirm.html", {"subscriber": subscriber, "already": already}
    )


@require_safe
def subscribed(request):
    return TemplateResponse(request, "newsletter/subscribed.html")


# Mail providers act on RFC 8058's List-Unsubscribe-Post header by POSTing to this URL
# themselves, with no cookie and no CSRF token, and readers who open it come without a session.
# The signed token in the URL is what proves the request may unsubscribe this reader, and
# forging a request needs that token, so CSRF protection would only block the providers.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    try:
        subscriber_id = tokens.subscriber_id_from_unsubscribe_token(token)
    except tokens.BadToken:
        return TemplateResponse(request, "newsletter/unsubscribe_invalid.html", status=400)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.is_erased:  # nothing will be sent to them anyway
        return TemplateResponse(request, "newsletter/unsubscribed.html")
    if request.method == "POST":
        services.subscription_unsubscribe(subscriber=subscriber)
        # 200 with the page itself, not a redirect: one-click clients expect a 2xx answer.
        return TemplateResponse(request, "newsletter/unsubscribed.html")
    gone = subscriber.status == Subscriber.Status.UNSUBSCRIBED
    return TemplateResponse(request, "newsletter/unsubscribe.html", {"gone": gone, "token": token})


def _subscriber_of_link(token):
    """The subscriber an email's unsubscribe link names: whoever holds the email may see and
    erase what the newsletter keeps about its address (GDPR access and erasure)."""
    try:
        subscriber_id = tokens.subscriber_id_from_unsubscribe_token(token)
    except tokens.BadToken:
        return None
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    return None if subscriber is None or subscriber.is_erased else subscriber


@require_safe
def data_download(request, token):
    subscriber = _subscriber_of_link(token)
    if subscriber is None:
        return TemplateResponse(request, "newsletter/data_gone.html", status=404)
    response = JsonResponse(services.subscriber_data(subscriber), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="breakingeven-newsletter-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def data_erase(request, token):
    """Erase the address and all about it; a GET only asks, since mail scanners open links."""
    subscriber = _subscriber_of_link(token)
    if subscriber is None:
        return TemplateResponse(request, "newsletter/data_gone.html", status=404)
    if request.method == "POST":
        services.subscribers_erase(subscribers=[subscriber])
        return TemplateResponse(request, "newsletter/data_erased.html")
    return TemplateResponse(request, "newsletter/data_erase.html", {"token": token})
