"""JSON request bodies with a bounded nesting depth: 100k brackets are a 400 with a sentence,
never a RecursionError (500). No API input nests deeper than a few levels."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
TOO_DEEP = f"JSON nested too deeply: at most {MAX_DEPTH} levels."


def _depth(data) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, level + 1) for child in children)
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        if _depth(data) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return data
