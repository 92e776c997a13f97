from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.tokens import form_started_token
from platforms.models import CurrencyRate, PayReport
from tests.factories import (
    make_article,
    make_credential,
    make_pay_reports,
    make_platform,
    make_tag,
    make_task_type,
    pay_report_form_data,
)

pytestmark = pytest.mark.django_db

REPORT_URL = reverse("platforms:report")


@pytest.fixture
def cell():
    return {
        "platform": make_platform(name="Tallyline", slug="tallyline"),
        "task_type": make_task_type("Coding evaluation"),
        "credential": make_credential("Degree"),
    }


def form_data(cell, **fields):
    data = pay_report_form_data(cell["platform"], cell["task_type"], cell["credential"])
    if fields.get("started") == "just now":
        fields["started"] = form_started_token()
    return {**data, **fields}


def test_a_reader_sends_a_report_and_is_told_it_awaits_approval(client, cell):
    """A valid report is saved, held, and the reader lands on the platform's page."""
    response = client.post(REPORT_URL, form_data(cell, note="Paid on time."), follow=True)
    assert response.redirect_chain[-1][0] == "/platforms/tallyline/#messages"
    assert "counts once an editor approves it" in response.content.decode()
    report = PayReport.objects.get()
    assert report.status == PayReport.Status.PENDING and report.note == "Paid on time."


NEXT_MONTH = (date.today().replace(day=28) + timedelta(days=5)).strftime("%Y-%m")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"hourly_pay": "-3"}, "Hourly pay can&#x27;t be negative."),
        ({"hourly_pay": "1000.01"}, "That&#x27;s over 1,000 US dollars an hour"),
        ({"hourly_pay": "lots"}, "Please enter the hourly pay as a number"),
        ({"platform": "999999"}, "Please choose a platform from the list."),
        ({"currency": "XYZ"}, "We can&#x27;t convert that currency yet"),
        ({"month": NEXT_MONTH}, "That month hasn&#x27;t happened yet."),
        ({"month": "November"}, "Please give the month as year and month"),
        ({"payment": ""}, "Please choose whether the payment arrived."),
        ({"work": "loads"}, "Please choose how much work there was from the list."),
        ({"hours_last_week": "200"}, "A week has 168 hours"),
        ({"note": "x" * 501}, "Please keep the note under 500 characters (it has 501)."),
        ({"started": "forged"}, "We couldn&#x27;t verify this form. Please send your report"),
        ({"started": "just now"}, "That was very quick."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(client, cell, fields, message):
    """Each kind of bad input is answered 400 with a message on the form, and nothing saved."""
    response = client.post(REPORT_URL, form_data(cell, **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PayReport.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"hourly_pay": "999999999"},
            "That's over 1,000 US dollars an hour; please check the figure.",
        ),
        ({"hourly_pay": "0.000000001"}, "Please give at most two decimals (cents)."),
        ({"hours_last_week": "1e9"}, "A week has 168 hours; please check the figure."),
        ({"hours_last_week": "12.25"}, "Please round the hours to one decimal."),
    ],
)
def test_a_figure_out_of_bounds_gets_the_one_message_that_fits(client, cell, fields, message):
    """Too large or too precise, a figure is told so once, in the site's words."""
    response = client.post(REPORT_URL, form_data(cell, **fields))
    [field] = fields
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]


@pytest.mark.parametrize(
    ("pay", "currency", "usd", "saved"),
    [
        ("1500", "INR", "0.012", True),
        ("99999", "IDR", "0.0000625", True),
        ("200000", "JPY", "0.0067", False),
    ],
)
def test_hourly_pay_is_bounded_in_us_dollars(client, cell, pay, currency, usd, saved):
    """₹1,500 an hour is $18: a currency of many units to the dollar is not held to 1,000
    units, while ¥200,000 ($1,340) is over the bound as $1,000.01 is."""
    month = date.today().replace(day=1)
    CurrencyRate.objects.create(currency=currency, month=month, usd=usd)
    data = form_data(cell, hourly_pay=pay, currency=currency, month=month.strftime("%Y-%m"))
    response = client.post(REPORT_URL, data)
    assert PayReport.objects.exists() is saved
    if not saved:
        assert response.context["form"].errors["hourly_pay"] == [
            "That's over 1,000 US dollars an hour; please check the figure."
        ]


def test_a_note_of_invisible_characters_only_is_no_note(client, cell):
    """Zero-width spaces and direction marks alone are saved as no note: nothing to show."""
    client.post(REPORT_URL, form_data(cell, note="\u200b\u2060\n\u200e"))
    assert PayReport.objects.get().note == ""


def test_the_same_form_sent_twice_is_saved_once(client, cell):
    """A double click or a resent page thanks the reader again but keeps one report."""
    data = form_data(cell, note="Paid on time.")
    assert client.post(REPORT_URL, data).status_code == 302
    again = client.post(REPORT_URL, data, follow=True)
    assert again.redirect_chain[-1][0] == "/platforms/tallyline/#messages"
    assert "Your report is saved" in again.content.decode()
    assert PayReport.objects.count() == 1


def test_the_same_form_sent_again_with_other_figures_is_another_report(client, cell):
    """Going back to the form and changing a figure sends a second report."""
    data = form_data(cell)
    client.post(REPORT_URL, data)
    client.post(REPORT_URL, {**data, "hourly_pay": "30"})
    assert sorted(PayReport.objects.values_list("hourly_pay", flat=True)) == [22.5, 30]


def test_a_flood_from_one_visitor_is_answered_429(client, cell, settings):
    """Over the limit, the form comes back with a message, Retry-After, and nothing saved."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pay_report": "1/3600"}
    client.post(REPORT_URL, form_data(cell))
    response = client.post(REPORT_URL, form_data(cell))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "several reports in the last hour" in response.content.decode()
    assert PayReport.objects.count() == 1


def test_honeypot_report_is_thanked_but_kept_out(client, cell):
    """A bot filling the hidden field is thanked like anyone, and its report is spam."""
    client.post(REPORT_URL, form_data(cell, website="http://bot.example"))
    assert PayReport.objects.get().status == PayReport.Status.SPAM


def test_report_page_preselects_the_platform(client, cell):
    """The link from a platform's page opens the form with that platform chosen."""
    content = client.get(REPORT_URL, {"platform": "tallyline"}).content.decode()
    assert f'<option value="{cell["platform"].pk}" selected>Tallyline</option>' in content


def test_tier_list_shows_factors_with_n_weights_and_both_tiers(client, cell):
    """Each factor's figure and n, the weights, and the editor's tier beside the computed one."""
    platform = cell["platform"]
    platform.editor_tier, platform.editor_note = "B", "Payment delays reported to us directly."
    platform.save()
    make_pay_reports(6, hourly_pay=44, **cell)
    content = client.get(reverse("platforms:tier_list")).content.decode()
    assert '$44.00 <span class="n">n=6</span>' in content
    assert "Pay level (40%)" in content and "Pay reliability (30%)" in content
    assert "tier--s" in content and "tier--b" in content
    assert "Payment delays reported to us directly." in content


def test_tier_list_reads_only_the_last_90_days(client, cell):
    """Reports older than the window do not count."""
    make_pay_reports(6, created_at=timezone.now() - timedelta(days=91), **cell)
    content = client.get(reverse("platforms:tier_list")).content.decode()
    assert "Not rated" in content


def test_platform_page_shows_bands_months_notes_and_articles(client, cell):
    """A platform's page has its pay bands, monthly reliability, notes and tagged articles."""
    tag = make_tag()
    cell["platform"].tags.add(tag)
    make_article(title="Inside Tallyline's pay", tags=[tag])
    make_pay_reports(5, hourly_pay=30, note="Paid on time every week.", **cell)
    make_pay_reports(1, status="pending", note="Held back note.", **cell)
    content = client.get(cell["platform"].get_absolute_url()).content.decode()
    assert "<td>Coding evaluation</td><td>Degree</td><td>30.00</td>" in content
    assert "Per month of work" in content
    assert "Paid on time every week." in content and "Held back note." not in content
    assert "Inside Tallyline&#x27;s pay" in content
    assert "Report your pay on Tallyline" in content
    assert "Automatic and rough" in content


def test_unknown_platform_is_404(client):
    """A platform slug that does not exist is a plain 404."""
    assert client.get("/platforms/no-such-platform/").status_code == 404


def test_pay_table_filters_by_task_type_credential_and_currency(client, cell):
    """The GET form narrows the table; a currency shows its own amounts."""
    other = make_task_type("Legal review")
    CurrencyRate.objects.create(currency="EUR", month=date.today(), usd=1.1)
    make_pay_reports(5, hourly_pay=30, **cell)
    make_pay_reports(
        5, hourly_pay=50, currency="EUR", hourly_usd=55, **{**cell, "task_type": other}
    )
    url = reverse("platforms:pay")
    everything = client.get(url).content.decode()
    assert "<td>30.00</td>" in everything and "<td>55.00</td>" in everything
    coding = client.get(url, {"task_type": cell["task_type"].pk}).content.decode()
    assert "<td>30.00</td>" in coding and "<td>55.00</td>" not in coding
    euros = client.get(url, {"currency": "EUR"}).content.decode()
    assert "Hourly pay in EUR" in euros and "<td>50.00</td>" in euros


def test_pay_table_ignores_unknown_filter_values(client, cell):
    """A filter naming nothing is no error: the page answers 200 with the whole table."""
    response = client.get(reverse("platforms:pay"), {"task_type": "999", "currency": "<b>"})
    assert response.status_code == 200


def test_pay_table_still_filters_by_the_known_values_beside_an_unknown_one(client, cell):
    """A stale currency in a link is ignored, and the task type shown chosen still narrows."""
    make_pay_reports(5, hourly_pay=30, **cell)
    make_pay_reports(5, hourly_pay=55, **{**cell, "task_type": make_task_type("Legal review")})
    content = client.get(
        reverse("platforms:pay"), {"task_type": cell["task_type"].pk, "currency": "GBP"}
    ).content.decode()
    assert f'<option value="{cell["task_type"].pk}" selected>' in content
    assert "<td>30.00</td>" in content and "<td>55.00</td>" not in content


def test_open_data_comes_with_its_licence(client, cell):
    """CSV and JSON name the licence; the JSON carries the rules it was made under."""
    make_pay_reports(5, hourly_pay=30, **cell)
    csv = client.get(reverse("platforms:data_csv"))
    assert 'rel="license"' in csv["Link"]
    assert "tallyline,Coding evaluation,Degree,5,30.00,30.00,30.00" in csv.content.decode()
    data = client.get(reverse("platforms:data_json")).json()
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["rules"]["min_reports_per_figure"] == 5


def test_bands_for_filters_and_open_data_are_read_once_until_a_report_counts(client, cell):
    """A filtered table, the CSV and the JSON read the reports once, not for every reader,
    and a newly approved report shows in all three at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from platforms import services

    make_pay_reports(5, hourly_pay=30, **cell)
    table = f"{reverse('platforms:pay')}?task_type={cell['task_type'].pk}&credential=&currency="
    urls = [table, reverse("platforms:data_csv"), reverse("platforms:data_json")]
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        for url in urls:
            assert client.get(url).status_code == 200
    assert not [query for query in queries if PayReport._meta.db_table in query["sql"]]
    pending = make_pay_reports(5, status="pending", hourly_pay=90, **cell)
    services.reports_moderate(
        reports=PayReport.objects.filter(pk__in=[r.pk for r in pending]),
        status=PayReport.Status.APPROVED,
    )
    assert "<td>60.00</td>" in client.get(table).content.decode()
    assert ",10,30.00,60.00,90.00" in client.get(urls[1]).content.decode()
    assert client.get(urls[2]).json()["pay_bands_usd"][0]["median"] == 60


def test_nav_links_to_the_tier_list(client):
    """Every page's main navigation leads to the platforms."""
    content = client.get("/").content.decode()
    assert f'href="{reverse("platforms:tier_list")}"' in content


def test_platform_page_comes_from_the_cache_with_fresh_form_values(client, cell, monkeypatch):
    """A second reader gets the cached page, with their own start time in the report form,
    and an approved report shows at once."""
    import re
    import time as clock
    import types

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from comments import tokens
    from platforms import services

    make_pay_reports(5, hourly_pay=30, **cell)
    url = cell["platform"].get_absolute_url()
    now = clock.time()
    monkeypatch.setattr(tokens, "time", types.SimpleNamespace(time=lambda: now))
    first = client.get(url).content.decode()
    monkeypatch.setattr(tokens, "time", types.SimpleNamespace(time=lambda: now + 5))
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url).content.decode()
    assert len(queries) == 0

    def started(page):
        return re.search(r'name="started" value="([^"]+)"', page).group(1)

    assert started(first) != started(second)
    assert tokens.form_age(started(second)) == 0
    pending = make_pay_reports(1, status="pending", hourly_pay=90, **cell)
    services.reports_moderate(
        reports=PayReport.objects.filter(pk__in=[r.pk for r in pending]),
        status=PayReport.Status.APPROVED,
    )

    def without_per_request_values(page):
        return re.sub(r'name="(csrfmiddlewaretoken|started)" value="[^"]+"', "", page)

    third = Client().get(url).content.decode()
    assert without_per_request_values(Client().get(url).content.decode()) == (
        without_per_request_values(third)
    )
    assert without_per_request_values(third) != without_per_request_values(second)
