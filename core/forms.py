"""Shared form plumbing: every form is declared with a crispy helper and written as GCDS
components by ``{% gcds_form %}``."""

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class GcdsFormMixin:
    """Gives a form a crispy helper with one submit button.

    Set ``submit_label`` on the class; set ``form_tag = False`` when the
    template wraps several forms or adds its own buttons.
    """

    submit_label: str | Promise | None = _("Save")  # None: the form adds its own buttons
    form_tag = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No layout unless a form sets one: gcds_form then writes the fields the form has,
        # including any a form removed in its own __init__.
        self.helper = FormHelper()
        self.helper.form_tag = self.form_tag
        self.helper.form_method = "post"
        if self.submit_label:
            self.helper.add_input(Submit("submit", self.submit_label))


class CheckboxesField(forms.MultipleChoiceField):
    """Several choices from a gcds-checkboxes group.

    The component posts its choices as one comma-separated value ("A,B"),
    where plain checkboxes post one value each; both are accepted.
    """

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        return [part for item in values for part in str(item).split(",") if part]


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an operation's ValidationError on the form: on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes for a long list (organizations, say), written as plain HTML so that a search
    box can narrow them: every choice stays a real checkbox, reached by Tab and ticked by
    Space, and the list works without JavaScript.

    ``exclude_from``: the name of another field of the form whose chosen value is taken out of
    this list while it is chosen (a service's owner cannot also be its partner).
    """

    def __init__(self, *args: Any, exclude_from: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.exclude_from = exclude_from
