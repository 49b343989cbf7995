from __future__ import annotations

from django import forms

from sysdojo.web.study.models import Progress
from sysdojo.web.study.services import NOTE_MAX_CHARS


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Progress.Status.choices)


class NoteForm(forms.Form):
    text = forms.CharField(required=False, max_length=NOTE_MAX_CHARS, strip=False)


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A JSON file from sysdojo's export.")
