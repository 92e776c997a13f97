from django.core import mail


def test_mail_reaches_the_loopback_smtp_server(smtp_inbox):
    """The configured mailer really talks SMTP to the test server."""
    mail.send_mail("Hello", "Body text", "from@example.com", ["reader@example.com"])
    [message] = smtp_inbox.to("reader@example.com")
    assert message["Subject"] == "Hello"
    assert message.get_content().strip() == "Body text"
