"""Runs after the other end-to-end modules (pytest orders files by name): nothing personal in any log."""
import re

_NUMBERS = re.compile(r"\+?\d{10,16}")


def test_no_nik_kk_or_phone_in_any_log_line(stack):
    assert len(stack.personal_numbers) > 1000  # the register import and the sign-ups were recorded
    leaks = []
    for path in stack.logs.glob("*.log"):
        for number, line in ((m.group(0), line) for line in path.read_text(errors="replace").splitlines()
                             for m in _NUMBERS.finditer(line)):
            if number in stack.personal_numbers or number.lstrip("+") in stack.personal_numbers:
                leaks.append(f"{path.name}: {line[:200]}")
    assert not leaks, "\n".join(leaks[:20])
