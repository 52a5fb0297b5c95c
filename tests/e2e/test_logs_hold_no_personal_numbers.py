"""Nothing personal in any log line of the whole end-to-end run.

Marked `runs_last`: tests/e2e/conftest.py moves it after every other end-to-end test (which record
the NIKs and phone numbers they used), whatever the file names sort to.
"""

import re

import pytest

_NUMBERS = re.compile(r"\+?\d{10,16}")


@pytest.mark.runs_last
def test_no_nik_kk_or_phone_in_any_log_line(stack):
    assert len(stack.personal_numbers) > 1000  # the register import and the sign-ups were recorded
    leaks = []
    for path in stack.logs.glob("*.log"):
        for number, line in (
            (m.group(0), text)
            for text in path.read_text(errors="replace").splitlines()
            for m in _NUMBERS.finditer(text)
        ):
            if number in stack.personal_numbers or number.lstrip("+") in stack.personal_numbers:
                leaks.append(f"{path.name}: {line[:200]}")
    assert not leaks, "\n".join(leaks[:20])
