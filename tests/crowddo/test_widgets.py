"""FastSelect writes the same <select> as Django's Select, without a template per option."""

import re

from django import forms

from crowddo.widgets import FastSelect

CHOICES = [("", "Any"), ("a", "Alpha & <Beta>"), ("b", "Bravo"), (3, "Three")]
PARTS = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')


def _render(widget, value):
    return widget.render("pick", value, attrs={"id": "id_pick", "aria-describedby": "h"})


def test_fast_select_matches_django_s_select_for_flat_choices():
    for value in ("", "a", "3", None):
        fast = _render(FastSelect(choices=CHOICES), value)
        slow = _render(forms.Select(choices=CHOICES), value)
        assert PARTS.findall(fast) == PARTS.findall(slow)
        assert fast.split(">")[0] == slow.split(">")[0]  # same attributes, same order
    assert "Alpha &amp; &lt;Beta&gt;" in _render(FastSelect(choices=CHOICES), "")


def test_grouped_choices_fall_back_to_django_s_rendering():
    grouped = [("Group", [("x", "X")]), ("y", "Y")]
    assert _render(FastSelect(choices=grouped), "x") == _render(forms.Select(choices=grouped),
                                                               "x")
