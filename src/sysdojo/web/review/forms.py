from __future__ import annotations

from django import forms

from sysdojo.core.scheduling.memory import RATINGS, RETENTION_MAX, RETENTION_MIN
from sysdojo.web.review.services import NEW_PER_DAY_MAX


class RateForm(forms.Form):
    page_id = forms.SlugField(max_length=120)
    card_key = forms.RegexField(regex=r"^[0-9a-f]{16}$", max_length=16)
    rating = forms.TypedChoiceField(choices=[(str(k), v) for k, v in RATINGS.items()], coerce=int)


class SettingsForm(forms.Form):
    desired_retention = forms.FloatField(
        min_value=RETENTION_MIN,
        max_value=RETENTION_MAX,
        label="Desired retention",
        help_text="The chance of recalling a card when it comes due: higher means more reviews.",
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    new_per_day = forms.IntegerField(min_value=0, max_value=NEW_PER_DAY_MAX, label="New cards a day")
