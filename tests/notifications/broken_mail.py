"""An email backend whose mail server is down: the only thing these tests fake, since
sending mail is what leaves the machine."""

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server")
