"""Forms written in Python as GCDS components: what a person sees and what the server needs."""

import pytest
from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.html import format_html

from core.audit_display import Line
from core.forms import GcdsFormMixin
from core.templatetags.history import change_lines


class _Form(GcdsFormMixin, forms.Form):
    name = forms.CharField(max_length=20, help_text="As people know it")
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", "A & B"), ("c", "C")])

    def clean(self):
        data = super().clean()
        if data.get("name") == "clash":
            raise forms.ValidationError("These two fields <disagree>.")
        return data


def _render(form, **context):
    template = Template("{% load gcds %}{% gcds_form form %}")
    return template.render(Context({"form": form, **context}))


def test_unbound_form_has_the_token_the_fields_and_one_button():
    html = _render(_Form(), csrf_token="token-123")
    assert html.startswith('<form method="post" autocomplete="off" novalidate>')
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="token-123">' in html
    assert '<gcds-input input-id="id_name" name="name" required="" hint="As people know it"' in html
    assert '<gcds-textarea textarea-id="id_notes"' in html
    assert '<option value="a">A &amp; B</option>' in html
    assert html.count("<gcds-button") == 1 and 'type="submit"' in html
    assert html.endswith("</form>")
    assert "gcds-error-summary" not in html


def test_errors_show_in_the_summary_on_their_field_and_escaped():
    form = _Form(data={"name": "clash", "kind": "zz"})
    assert not form.is_valid()
    html = _render(form, csrf_token="t")
    assert "<gcds-error-summary" in html
    assert "These two fields &lt;disagree&gt;." in html  # a general error, escaped
    assert 'error-message="Select a valid choice. zz is not one of the available choices."' in html


def test_layout_fieldsets_fixed_html_and_buttons_follow_the_helper():
    form = _Form()
    form.helper.layout = Layout(
        Fieldset("Who <they> are", "name"),
        HTML(format_html("<p>{}</p>", "Nothing to rate.")),
        "kind",
    )
    form.helper.inputs = []
    form.helper.add_input(Submit("save", "Save", css_class="secondary"))
    form.helper.form_method = "get"
    html = _render(form, csrf_token="t")
    assert '<fieldset class="form-fieldset"><legend>Who &lt;they&gt; are</legend>' in html
    assert "<p>Nothing to rate.</p>" in html
    assert "textarea" not in html  # not in the layout: not shown
    assert 'button-role="secondary"' in html
    assert "csrfmiddlewaretoken" not in html  # a GET form sends no token


def test_form_without_its_own_tag_is_only_fields():
    form = _Form()
    form.helper.form_tag = False
    assert not _render(form, csrf_token="t").startswith("<form")


@pytest.mark.parametrize("language,separator", [("en", ": "), ("fr", " : ")])
def test_change_lines_are_escaped_shortened_and_translated(language, separator):
    lines = [Line("Rationale", "<b>old</b>", "x" * 200), Line("Level", "—", "3")]
    with translation.override(language):
        html = change_lines(lines)
    assert html.startswith(
        '<ul class="change-list"><li><span class="change-field">Rationale</span>'
    )
    assert f"{separator}&lt;b&gt;old&lt;/b&gt; → {'x' * 79}…</li>" in html
    assert f'<span class="change-field">Level</span>{separator}— → 3' in html
    assert change_lines([]) == ""


@pytest.mark.parametrize(
    "language, short, long",
    [
        ("en", "2026-12-04 09:36", "December 4, 2026"),
        ("fr", "2026-12-04 09 h 36", "4 décembre 2026"),
    ],
)
def test_dates_read_the_same_in_every_canadian_locale(language, short, long):
    import datetime

    from django.utils import formats, translation

    moment = datetime.datetime(2026, 12, 4, 9, 36)
    with translation.override(language):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == short
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "2026-12-04"
        assert formats.date_format(moment, "DATE_FORMAT") == long
