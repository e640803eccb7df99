"""Forms of the admin's "Import document" page."""

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .errors import DocumentFormatError
from .parser import KINDS
from .text import decode

MAX_UPLOAD_BYTES = 1_000_000
KIND_CHOICES = [
    ("", _("Recognise from the text")),
    *zip(KINDS, [_("Resolution"), _("Report"), _("Meeting summary"), _("News release")],
         strict=True),
]


class ImportTextForm(forms.Form):
    """Step one: the text, pasted or uploaded as a .txt file."""

    text = forms.CharField(
        label=_("Text"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100, "spellcheck": "false"}),
        help_text=_("Paste the whole document, as published."),
    )
    upload = forms.FileField(
        label=_("Or a .txt file"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, required=False)

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() != ".txt":
            raise ValidationError(_("Upload a plain-text file whose name ends in .txt."),
                                  code="extension")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 1 MB: is it really one document?"),
                                  code="size")
        return upload

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text", ""), cleaned.get("upload")
        if self.errors:
            return cleaned
        if upload is not None and text.strip():
            raise ValidationError(_("Paste a text or upload a file, not both."), code="both")
        if upload is None and not text.strip():
            raise ValidationError(_("Paste the text of a document or upload a .txt file."),
                                  code="empty")
        if upload is not None:
            try:
                cleaned["text"] = decode(upload.read())
            except DocumentFormatError as error:
                raise ValidationError(
                    _("%(file)s, line %(line)s: %(message)s"), code="unreadable",
                    params={"file": upload.name, "line": error.line, "message": error.message},
                ) from error
            cleaned["source"] = Path(upload.name).name
        else:
            cleaned["source"] = ""
        return cleaned


class ConfirmImportForm(forms.Form):
    """Step two: the same text again, sent back with the preview's confirmation."""

    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    kind = forms.ChoiceField(widget=forms.HiddenInput, choices=KIND_CHOICES, required=False)
