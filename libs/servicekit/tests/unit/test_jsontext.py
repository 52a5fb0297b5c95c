import json

import pytest

from servicekit import jsontext


def test_parses_ordinary_documents_like_json():
    text = '{"a": [1, {"b": "[[[{{{"}], "c": null}'
    assert jsontext.loads(text) == json.loads(text)
    assert jsontext.loads(text.encode()) == json.loads(text)


@pytest.mark.parametrize("depth", [65, 1000, 50_000])
def test_deep_nesting_is_a_value_error_not_a_crash(depth):
    with pytest.raises(ValueError, match="deeper"):
        jsontext.loads("[" * depth + "]" * depth)


def test_at_the_limit_is_accepted():
    assert jsontext.loads("[" * 64 + "]" * 64) is not None


def test_brackets_inside_strings_do_not_count():
    text = json.dumps({"text": "[" * 500})
    assert jsontext.loads(text) == {"text": "[" * 500}


def test_invalid_utf8_is_a_value_error():
    with pytest.raises(ValueError):
        jsontext.loads(b"\xff\xfe[")
