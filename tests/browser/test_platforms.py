"""A pay report's whole way: a reader sends it, the editor approves it, the Tier List shows it."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from platforms.models import PayReport
from tests.factories import make_credential, make_pay_reports, make_platform, make_task_type


@pytest.fixture
def quick_forms(monkeypatch):
    """A person takes longer than three seconds to fill in the form; this test does not."""
    monkeypatch.setattr("breakingeven.forms.MIN_FORM_SECONDS", 0)


def test_report_goes_from_the_form_through_approval_to_the_tier_list(
    live_server, new_page, settings, quick_forms
):
    """The fifth report, once approved, puts the platform on the Tier List with a tier."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_superuser("editor", "editor@example.com", "editor-password")
    platform = make_platform(name="Tallyline", slug="tallyline")
    cell = {"task_type": make_task_type("Coding evaluation"), "credential": make_credential()}
    make_pay_reports(4, platform=platform, hourly_pay=42, **cell)

    reader = new_page()
    reader.goto("/platforms/")
    expect(reader.get_by_role("row", name="Tallyline")).to_contain_text("Not rated")
    reader.get_by_role("link", name="Tallyline").click()
    form = reader.locator("#report-form")
    form.get_by_label("Task type").select_option(label="Coding evaluation")
    form.get_by_label("Credential level").select_option(index=1)
    form.get_by_label("Hourly pay").fill("42")
    form.get_by_label("Hours worked in the last week").fill("20")
    form.get_by_label("Month of the work").fill(PayReport.objects.first().month.strftime("%Y-%m"))
    form.get_by_label("On time").check()
    form.get_by_label("Plenty").check()
    form.get_by_label("A short note (optional)").fill("Great project, paid every Friday.")
    form.get_by_role("button", name="Send report").click()
    expect(reader.get_by_role("status")).to_contain_text("counts once an editor approves it")

    editor = new_page()
    editor.goto("/admin/platforms/payreport/?status__exact=pending")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill("editor-password")
    editor.get_by_role("button", name="Log in").click()
    # The row's own checkbox: "select all" does nothing until the admin's script has loaded.
    editor.locator("input[name=_selected_action]").check()
    editor.locator("select[name=action]").select_option(label="Approve selected reports")
    editor.get_by_role("button", name="Run").click()
    expect(editor.locator(".messagelist")).to_contain_text("1 report approved.")

    reader.goto("/platforms/")
    row = reader.get_by_role("row", name="Tallyline")
    expect(row).to_contain_text("$42.00 n=5")
    expect(row.locator(".tier")).to_have_text("S")
    reader.goto("/platforms/tallyline/")
    expect(reader.get_by_text("Great project, paid every Friday.")).to_be_visible()
