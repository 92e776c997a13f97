"""Background work that belongs to no app: mailing error reports to ADMINS."""

import logging
import smtplib

from django.core.mail import mail_admins
from django.tasks import task

logger = logging.getLogger(__name__)


@task
def send_error_report(subject, message):
    """Mail one error report to ADMINS (built, masked and deduplicated by breakingeven.logs).

    A mail server that fails costs only this report, logged as a warning: raising would log
    an error, whose report would fail in turn.
    """
    try:
        mail_admins(subject, message)
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Error report not mailed (%s: %s): %s", type(error).__name__, error, subject)
