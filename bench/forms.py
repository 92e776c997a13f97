"""Turn a form on the running site into a POST that wrk can repeat and the CSRF check accepts.

Like a browser, `prepare_post` fetches the page that shows the form, keeps the cookies it sets
(csrftoken among them) and reads the form's hidden csrfmiddlewaretoken; the POST then carries
that cookie, that token, and an Origin header naming the site, which is what Django's
CsrfViewMiddleware checks.
"""

import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.error import HTTPError
from urllib.parse import urldefrag, urlencode, urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

from . import wrk

TOKEN_FIELD = "csrfmiddlewaretoken"  # noqa: S105 (a field name, not a secret)


@dataclass(frozen=True)
class Form:
    action: str
    fields: dict = field(default_factory=dict)  # hidden and pre-filled inputs


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self.forms.append(Form(action=attrs.get("action") or ""))
        elif tag == "input" and self.forms and attrs.get("name") and _submitted(attrs):
            self.forms[-1].fields[attrs["name"]] = attrs.get("value") or ""


def _submitted(attrs):
    """Whether a browser would send this input with the form as it stands."""
    return attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs


def post_forms(html):
    """The POST forms in a page, in order, with their hidden and pre-filled inputs."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


@dataclass(frozen=True)
class PreparedPost:
    url: str
    headers: dict
    body: str
    varying: str | None = None

    def lua(self):
        """The wrk script that sends this POST again and again."""
        return wrk.script(
            method="POST", headers=self.headers, body=self.body, counter=bool(self.varying)
        )

    def send(self):
        """Send it once, not following a redirect; return the status code.

        A varying field gets a marker from the clock, like the load's counter, so that the
        check is no repeat of an earlier run's (the site refuses the same comment twice).
        """
        body = f"{self.body}+check{time.time_ns()}" if self.varying else self.body
        return status_of(self.url, data=body.encode(), headers=self.headers)


def status_of(url, *, data=None, headers=None):
    """The status code a GET (or, with data, a POST) gets, not following a redirect."""
    request = Request(url, data=data, headers=headers or {})  # noqa: S310 (our own loopback site)
    try:
        with build_opener(_NoRedirect).open(request, timeout=10) as response:
            return response.status
    except HTTPError as error:  # 3xx (not followed) and 4xx/5xx land here
        return error.code


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def form_address(page_url, action):
    """Where a form posts; its #fragment only tells the browser where to scroll afterwards."""
    return urldefrag(urljoin(page_url, action)).url


def prepare_post(page_url, *, fields, action=None, varying=None):
    """A POST of `fields` through the form on `page_url` whose action is `action` (by default
    the page's first POST form), carrying the CSRF cookie and token a browser would.

    `varying` names a field whose value gets a per-request counter appended (it is sent last
    for that), for endpoints that refuse an exact repeat.
    """
    with urlopen(page_url, timeout=10) as response:  # noqa: S310 (loopback, our own site)
        html = response.read().decode()
        set_cookies = response.headers.get_all("Set-Cookie") or []
    forms = post_forms(html)
    if action is not None:
        forms = [
            f for f in forms if form_address(page_url, f.action) == form_address(page_url, action)
        ]
    if not forms:
        raise ValueError(f"No POST form{f' to {action}' if action else ''} on {page_url}.")
    form = forms[0]
    if TOKEN_FIELD not in form.fields:
        raise ValueError(f"The form on {page_url} carries no {TOKEN_FIELD}.")
    cookies = SimpleCookie()
    for header in set_cookies:
        cookies.load(header)
    values = {**form.fields, **fields}
    site = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items()),
        "Origin": site,
        "Referer": page_url,
    }
    return PreparedPost(
        url=form_address(page_url, form.action),
        headers=headers,
        body=urlencode(sorted(values.items(), key=lambda item: item[0] == varying)),
        varying=varying,
    )
