"""Site forms of the leaders: a right their workshop holds, and a survey's
answers (one field per question, checked by ``outreach.rules``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import IpRecord, SurveyQuestion
from outreach.rules import field_name, plain


class IpRecordForm(forms.ModelForm):
    """A leader's right: the workshop is one they lead."""

    class Meta:
        model = IpRecord
        fields = [
            "workshop",
            "kind",
            "title",
            "registration_number",
            "holder",
            "valid_from",
            "valid_until",
            "revoked",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops
        self.fields["workshop"].empty_label = None


def _number_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


class SurveyAnswerForm(forms.Form):
    """One text field per question (numbers are typed, not spun, on a phone);
    ``outreach.rules.clean_answers`` in the service says what each means."""

    def __init__(self, *args, questions: list[SurveyQuestion], initial_values, **kw):
        super().__init__(*args, **kw)
        for question in questions:
            name = field_name(question)
            label = question.text + (f" ({question.unit})" if question.unit else "")
            value = initial_values.get(question.pk)
            attrs = {"autocomplete": "off"}
            help_text = ""
            if question.kind == SurveyQuestion.Kind.CHOICE:
                options = [(o, o) for o in question.option_list()]
                # A text field shown as a list: the service refuses a forged option.
                widget = forms.Select(choices=[("", "—"), *options])
            else:
                if question.kind == SurveyQuestion.Kind.NUMBER:
                    attrs["inputmode"] = "decimal"
                    help_text = _("From %(low)s to %(high)s") % {
                        "low": _number_text(question.low),
                        "high": _number_text(question.high),
                    }
                widget = forms.TextInput(attrs=attrs)
            field = forms.CharField(
                label=label,
                required=False,
                strip=False,
                help_text=help_text,
                widget=widget,
                initial=_number_text(value),
            )
            self.fields[name] = field

    def raw_answers(self) -> dict[str, str]:
        return {name: self.data.get(name, "") for name in self.fields}
