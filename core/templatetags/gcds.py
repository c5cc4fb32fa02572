"""Render Django forms as Government of Canada Design System components.

A form is declared once in ``forms.py``: its fields, and on its crispy ``FormHelper`` the
method, the layout (fieldsets, fixed HTML) and the buttons. ``{% gcds_form form %}`` writes
the whole form in Python (a form page renders in a fraction of the time a template per field
takes), and each field's server-side errors appear in the component's own error message.
Every value is escaped by ``format_html``; JSON put in attributes is escaped the same way.
"""

import json
from collections.abc import Iterable, Iterator
from html import escape
from typing import Any

from crispy_forms.layout import HTML, BaseInput, Fieldset, Layout
from django import forms, template
from django.forms import BoundField
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from core.forms import SearchableCheckboxes

register = template.Library()

_GCDS_INPUT_TYPES = {"text", "email", "password", "number", "url", "tel", "search"}


def _error(field: BoundField) -> str:
    return " ".join(str(e) for e in field.errors)


def _common(field: BoundField, id_attr: str) -> list[tuple[str, str]]:
    attrs = [
        (id_attr, field.auto_id),
        ("name", field.html_name),
    ]
    if field.field.required:
        attrs.append(("required", ""))
    hint = str(field.help_text or "")
    # The limit is said, never enforced by the browser: a maxlength attribute cuts pasted text
    # without a word, where the server refuses it with the limit and the length given.
    max_length = getattr(field.field, "max_length", None)
    if max_length and isinstance(field.field.widget, forms.Textarea):
        limit = ngettext(
            "At most %(count)s character.", "At most %(count)s characters.", max_length
        ) % {"count": max_length}
        hint = f"{hint} {limit}".strip()
    if hint:
        attrs.append(("hint", hint))
    if field.errors:
        attrs.append(("error-message", _error(field)))
    widget_attrs = field.field.widget.attrs
    for key in ("autocomplete", "min", "max", "step", "rows", "inputmode"):
        if key in widget_attrs and widget_attrs[key] is not None:
            attrs.append((key, str(widget_attrs[key])))
    if field.field.disabled:
        attrs.append(("disabled", ""))
    return attrs


def _attrs(pairs: Iterable[tuple[str, str]]) -> str:
    return format_html_join(" ", '{}="{}"', pairs)


def _value(field: BoundField) -> str:
    value = field.value()
    if value is None:
        return ""
    return str(field.field.widget.format_value(value) or "")


def _choices(field: BoundField) -> Iterator[tuple[str, str, str, bool]]:
    """(id, value, label, selected) for each option of a choice widget."""
    raw = field.value()
    if isinstance(raw, list | tuple):
        current = {str(v) for v in raw}
    else:
        current = {"" if raw is None else str(raw)}
    choices: Any = getattr(field.field, "choices", [])
    for index, (value, label) in enumerate(choices):
        value = getattr(value, "value", value)
        value = "" if value is None else str(value)
        yield f"{field.auto_id}_{index}", value, str(label), value in current


def _choice_group(field: BoundField, label: str) -> SafeString:
    """Checkboxes or radios: one GCDS component with its options as JSON."""
    widget = field.field.widget
    many = isinstance(widget, forms.CheckboxSelectMultiple)
    options = [
        {"id": oid, "label": olabel, "value": value, "checked": checked}
        for oid, value, olabel, checked in _choices(field)
        if value != "" or many
    ]
    tag = "gcds-checkboxes" if many else "gcds-radios"
    attrs = [("name", field.html_name), ("legend", label), ("options", json.dumps(options))]
    if field.field.required:
        attrs.append(("required", ""))
    attrs += _hint_and_error(field)
    if many:
        attrs.append(("value", json.dumps([o["value"] for o in options if o["checked"]])))
    # gcds-radios takes its initial choice from the options: given a value attribute
    # as well, it would show the choice but post nothing until the person clicks.
    return format_html("<{} {}></{}>", tag, _attrs(attrs), tag)


def _hint_and_error(field: BoundField) -> list[tuple[str, str]]:
    attrs = []
    if field.help_text:
        attrs.append(("hint", str(field.help_text)))
    if field.errors:
        attrs.append(("error-message", _error(field)))
    return attrs


def _single_checkbox(field: BoundField, label: str) -> SafeString:
    checked = bool(field.value())
    options = [{"id": field.auto_id, "label": label, "value": "on", "checked": checked}]
    attrs = [
        ("name", field.html_name),
        ("legend", label),
        ("hide-legend", ""),
        ("options", json.dumps(options)),
    ]
    if checked:
        attrs.append(("value", json.dumps(["on"])))
    attrs += _hint_and_error(field)
    return format_html("<gcds-checkboxes {}></gcds-checkboxes>", _attrs(attrs))


def _select(field: BoundField, label: str) -> SafeString:
    attrs = [*_common(field, "select-id"), ("label", label)]
    # Written directly (a list of organizations has hundreds of options); every value and
    # label is escaped.
    option_tags = SafeString(
        "".join(
            f'<option value="{escape(value)}"{" selected" if checked else ""}>{escape(olabel)}</option>'
            for _, value, olabel, checked in _choices(field)
        )
    )
    return format_html("<gcds-select {}>{}</gcds-select>", _attrs(attrs), option_tags)


def _textarea(field: BoundField, label: str) -> SafeString:
    attrs = [*_common(field, "textarea-id"), ("label", label), ("value", _value(field))]
    return format_html("<gcds-textarea {}></gcds-textarea>", _attrs(attrs))


def _input(field: BoundField, label: str, input_type: str) -> SafeString:
    attrs = [*_common(field, "input-id"), ("label", label), ("type", input_type)]
    if input_type != "password":
        attrs.append(("value", _value(field)))
    return format_html("<gcds-input {}></gcds-input>", _attrs(attrs))


def _searchable_choices(field: BoundField, label: str) -> SafeString:
    """A fieldset of native checkboxes with a search box that ``choice-search.js`` shows and
    wires; the chosen come first, so that without the script they are seen at once."""
    widget = field.field.widget
    options = sorted(_choices(field), key=lambda option: not option[3])
    group_id = f"{field.auto_id}_group"
    described = [f"{field.auto_id}_hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}_error")
    items = format_html_join(
        "",
        '<li data-value="{}"><input type="checkbox" name="{}" value="{}" id="{}"{}>'
        '<label for="{}">{}</label></li>',
        (
            (value, field.html_name, value, oid, SafeString(" checked") if checked else "",
             oid, olabel)
            for oid, value, olabel, checked in options
        ),
    )  # fmt: skip
    hint = (
        format_html('<p class="field-hint" id="{}_hint">{}</p>', field.auto_id, field.help_text)
        if field.help_text
        else ""
    )
    error = (
        format_html(
            '<p class="field-error" id="{}_error" role="alert">{}</p>', field.auto_id, _error(field)
        )
        if field.errors
        else ""
    )
    return format_html(
        '<fieldset class="choice-search{}" id="{}" data-exclude-from="{}" '
        'data-count-pattern="{}" data-none-pattern="{}"{}>'
        "<legend>{}</legend>{}{}"
        '<div class="choice-search-box" hidden><label for="{}_search">{}</label>'
        '<input type="search" id="{}_search" autocomplete="off" spellcheck="false" '
        'aria-controls="{}_list">'
        '<p class="choice-search-count" aria-live="polite"></p></div>'
        '<ul class="choice-search-list" id="{}_list">{}</ul>'
        '<p class="choice-search-none" hidden></p>'
        "</fieldset>"
        '<script src="{}" defer></script>',
        " has-error" if field.errors else "",
        group_id,
        widget.exclude_from or "",
        # {shown}, {total} and {chosen} are filled in by the script.
        gettext("{shown} of {total} shown, {chosen} chosen"),
        gettext("Nothing matches “{query}”. Chosen ones stay listed."),
        format_html(' aria-describedby="{}"', " ".join(described)) if described else "",
        label,
        hint,
        error,
        field.auto_id,
        gettext("Find by name"),
        field.auto_id,
        field.auto_id,
        field.auto_id,
        items,
        static("js/choice-search.js"),
    )


@register.simple_tag
def gcds_field(field: BoundField) -> SafeString:
    widget = field.field.widget
    label = str(field.label or "")
    if isinstance(widget, forms.HiddenInput | forms.MultipleHiddenInput):
        return SafeString(str(field))
    if isinstance(widget, SearchableCheckboxes):
        return _searchable_choices(field, label)
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return _choice_group(field, label)
    if isinstance(widget, forms.CheckboxInput):
        return _single_checkbox(field, label)
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return _select(field, label)
    if isinstance(widget, forms.Textarea):
        return _textarea(field, label)
    input_type = getattr(widget, "input_type", "text")
    if input_type in _GCDS_INPUT_TYPES:
        return _input(field, label, input_type)
    # Widgets GCDS has no component for (date, file, multiple select): the
    # native control with the same label, hint and error layout.
    return native_field(field)


def native_field(field: BoundField) -> SafeString:
    hint_id = f"{field.auto_id}_hint"
    error_id = f"{field.auto_id}_error"
    described = []
    hint = ""
    if field.help_text:
        described.append(hint_id)
        hint = format_html('<p class="field-hint" id="{}">{}</p>', hint_id, field.help_text)
    error = ""
    if field.errors:
        described.append(error_id)
        error = format_html(
            '<p class="field-error" id="{}" role="alert">{}</p>', error_id, _error(field)
        )
    widget_attrs: dict[str, str | bool] = (
        {"aria-describedby": " ".join(described)} if described else {}
    )
    if field.errors:
        widget_attrs["aria-invalid"] = "true"
    required = format_html(' <span class="required">({})</span>', _required_text())
    return format_html(
        '<div class="native-field{}"><label for="{}">{}{}</label>{}{}{}</div>',
        " has-error" if field.errors else "",
        field.auto_id,
        field.label,
        required if field.field.required else "",
        hint,
        error,
        field.as_widget(attrs=widget_attrs),
    )


def _required_text() -> str:
    return gettext("required")


@register.simple_tag
def gcds_error_links(form: forms.BaseForm) -> str:
    """JSON for gcds-error-summary: each invalid field's anchor and message."""
    links = {}
    for field in form:
        if field.errors and not field.is_hidden:
            links[f"#{field.auto_id}"] = f"{field.label}: {_error(field)}"
    return json.dumps(links)


def _errors(form: forms.BaseForm) -> str:
    """The error summary above a form that has errors, with the errors of no one field."""
    if not form.errors:
        return ""
    summary = format_html(
        '<gcds-error-summary heading="{}" error-links="{}"></gcds-error-summary>',
        gettext("There is a problem"),
        gcds_error_links(form),
    )
    general = form.non_field_errors()
    if not general:
        return summary
    return summary + format_html(
        '<gcds-notice notice-role="danger" notice-title-tag="h2" notice-title="{}">'
        "<gcds-text>{}</gcds-text></gcds-notice>",
        gettext("Please correct the following"),
        format_html_join(SafeString("<br>"), "{}", ((error,) for error in general)),
    )


def _field(form: forms.BaseForm, name: str) -> str:
    field = form[name]
    return format_html(
        '<div class="form-field" id="div_{}">{}</div>', field.auto_id, gcds_field(field)
    )


def _layout_item(form: forms.BaseForm, item: Any) -> str:
    """One entry of a helper's layout: a field's name, a fieldset, or fixed HTML."""
    if isinstance(item, str):
        return _field(form, item) if item in form.fields else ""
    if isinstance(item, Fieldset):
        css_class = f" {item.css_class}" if item.css_class else ""
        return format_html(
            '<fieldset class="form-fieldset{}"><legend>{}</legend>{}</fieldset>',
            css_class,
            item.legend,
            SafeString("".join(_layout_item(form, child) for child in item.fields)),
        )
    if isinstance(item, HTML):
        # Fixed markup the form built with format_html; template syntax is not read.
        return SafeString(item.html)
    raise TypeError(f"gcds_form cannot render the layout object {item!r}")


def _button(button: BaseInput) -> str:
    classes = button.field_classes.split()
    role = "secondary" if "secondary" in classes else "danger" if "danger" in classes else "primary"
    return format_html(
        '<gcds-button type="{}" name="{}" button-role="{}" button-id="{}">{}</gcds-button>',
        "submit" if button.input_type == "submit" else "button",
        button.name,
        role,
        button.id,
        button.value,
    )


def _form_attributes(helper: Any, form: forms.BaseForm) -> str:
    attributes = [
        (name, str(value).strip())
        for name, value in (
            ("id", helper.form_id),
            ("class", helper.form_class),
            ("action", helper.form_action),
        )
        if value
    ]
    attributes.append(("method", helper.form_method))
    opening = format_html('<form {} autocomplete="off" novalidate', _attrs(attributes))
    if form.is_multipart():
        opening += SafeString(' enctype="multipart/form-data"')
    return opening + SafeString(">")


@register.simple_tag(takes_context=True)
def gcds_form(context: template.Context, form: forms.BaseForm) -> SafeString:
    """The whole form as its helper declares it: the form element, the CSRF token for a
    POST, the error summary, the fields (in the layout's order and fieldsets, or the
    form's), and the buttons."""
    helper = form.helper  # type: ignore[attr-defined]
    post = helper.form_method.lower() == "post"
    parts = []
    if helper.form_tag:
        parts.append(_form_attributes(helper, form))
    if post:
        parts.append(
            format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                context.get("csrf_token", ""),
            )
        )
    parts.append(_errors(form))
    layout: Layout | None = helper.layout
    if layout is None:
        parts.extend(_field(form, name) for name in form.fields)
    else:
        parts.extend(_layout_item(form, item) for item in layout.fields)
    if helper.inputs:
        buttons = "".join(_button(button) for button in helper.inputs)
        parts.append(format_html('<div class="form-actions">{}</div>', SafeString(buttons)))
    if helper.form_tag:
        parts.append("</form>")
    return SafeString("".join(parts))
