"""Calendar forms. CalendarFilterForm is the one parser of the calendar's query string,
for the list and month pages and the .ics feeds alike."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from naptrack.events.choices import SUBMITTABLE_KINDS, EventKind
from naptrack.events.entries import CalendarFilters, window_problem
from naptrack.registry.fields import CountryMultipleChoiceField, country_choices
from naptrack.registry.models import ActionPlan, Country, Region, RegionalOrganization

ANY = [("", _("Any"))]
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class CalendarFilterForm(forms.Form):
    """`from` and `to` are inclusive days; without them the window runs from
    `default_from` for `default_days`."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    regional_body = forms.ChoiceField(label=_("Regional organization"), required=False)
    plan = forms.IntegerField(label=_("Plan (number)"), required=False, min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + EventKind.choices)

    def __init__(self, *args, default_from=None, default_days=365, with_dates=True, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.default_from = default_from or timezone.now().date()
        self.default_days = default_days
        self.fields["country"].choices = ANY + country_choices(Country.objects.all())
        regions = Region.objects.filter(level__in=[1, 2]).order_by("level", "name")
        self.fields["region"].choices = ANY + [(r.m49, r.name) for r in regions]
        bodies = RegionalOrganization.objects.values_list("slug", "short_name")
        self.fields["regional_body"].choices = ANY + list(bodies)
        if with_dates:
            date_input = forms.DateInput(attrs={"type": "date"})
            self.fields["from"] = forms.DateField(
                label=_("From"), required=False, widget=date_input
            )
            self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=date_input)

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("from") or self.default_from
        end = cleaned.get("to") or start + datetime.timedelta(days=self.default_days)
        problem = window_problem(start, end) if "from" in self.fields else ""
        if problem:
            self.add_error("to", problem)
        cleaned["from"], cleaned["to"] = start, end
        return cleaned

    def to_filters(self, **dates) -> CalendarFilters:
        """The validated filters; call only after is_valid()."""
        data = self.cleaned_data
        return CalendarFilters(
            country=data.get("country") or "",
            region=data.get("region") or "",
            regional_body=data.get("regional_body") or "",
            plan=data.get("plan"),
            kind=data.get("kind") or "",
            date_from=dates.get("date_from", data["from"]),
            date_to=dates.get("date_to", data["to"]),
        )


def parse_month(value: str | None, today: datetime.date) -> datetime.date | None:
    """The first day of a `YYYY-MM` month; today's month when empty, None when malformed."""
    if not value:
        return today.replace(day=1)
    match = MONTH.match(value)
    return datetime.date(int(match[1]), int(match[2]), 1) if match else None


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=SUBMITTABLE_KINDS)
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        required=False,
        help_text=_("Leave the times empty for an all-day event."),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end_date = forms.DateField(
        label=_("Last day"),
        required=False,
        help_text=_("Empty for a one-day event."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end_time = forms.TimeField(
        label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        initial="UTC",
        help_text=_("Where the event takes place, as an IANA name such as Africa/Nairobi."),
    )
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    languages = forms.CharField(
        label=_("Languages"),
        max_length=200,
        required=False,
        help_text=_("ISO 639 codes separated by commas, such as en, fr, sw."),
    )
    organizer_name = forms.CharField(label=_("Organizer"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    source_url = forms.URLField(
        label=_("Where it is announced"), max_length=500, required=False, assume_scheme="https"
    )
    countries = CountryMultipleChoiceField(
        label=_("Countries"), required=False, queryset=Country.objects.all()
    )
    regional_organizations = forms.ModelMultipleChoiceField(
        label=_("Regional organizations"),
        required=False,
        queryset=RegionalOrganization.objects.all(),
    )
    plans = forms.ModelMultipleChoiceField(
        label=_("Plans"),
        required=False,
        queryset=ActionPlan.objects.public().select_related("country", "regional_organization"),
    )

    def clean_languages(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["languages"].split(",") if code.strip()]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Why is it rejected?"), widget=forms.Textarea)
