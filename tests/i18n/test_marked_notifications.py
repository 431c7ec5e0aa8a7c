"""Every string of "My work" notifications and their settings goes through gettext:
crawled in the pseudo-locale, their <main> holds nothing but wrapped strings and data."""

from django.urls import reverse

from naptrack.notifications.forms import autonyms
from tests.factories.notifications import NotificationFactory
from tests.factories.people import person
from tests.i18n.marked import unmarked_pages

# Each language named in itself (notifications/forms.py), not translated.
AUTONYMS = [name for _code, name in autonyms()]


def test_notification_pages_are_all_marked(client, db):
    user = person()
    NotificationFactory(recipient=user)
    client.force_login(user)
    urls = [reverse("notifications:list"), reverse("notifications:settings")]
    assert unmarked_pages(client, urls, data=AUTONYMS) == {}


def test_language_menu_names_each_language_in_itself(settings):
    settings.LANGUAGES = [("en", "English"), ("fr", "French"), ("ar", "Arabic")]
    assert autonyms() == [("en", "English"), ("fr", "français"), ("ar", "العربيّة")]
