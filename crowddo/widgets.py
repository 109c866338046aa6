"""A <select> written in Python: Django renders one template per <option>, and the role
list's filter form has hundreds (organizations, regions, skills, collectives): 80 % of the
/roles/ page's time went there (issue 17, bench/README.md)."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """The same HTML as `forms.Select` for flat choices (attributes, the empty choice,
    `selected`), built with `format_html`; grouped choices fall back to Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # iter: no COUNT(*) for a length hint
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        final = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = [
            format_html('<option value="{}"{}>{}</option>', v,
                        mark_safe(" selected") if v in chosen else "", label)  # noqa: S308
            for v, label in ((("" if key is None else str(key)), label) for key, label in choices)
        ]
        return format_html('<select name="{}"{}>\n{}\n</select>', name, _attrs(final),
                           mark_safe("\n".join(options)))  # noqa: S308 (each escaped above)


def _attrs(attrs: dict) -> str:
    """Attributes in their order, as django/forms/widgets/attrs.html writes them."""
    return format_html_join("", "{}", (
        (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
        for name, value in attrs.items() if value is not False and value is not None))
