"""The inbox's texts are a gettext catalog of its own, complete in both languages."""

import pathlib
import re

import gorontalo_inbox
from gorontalo_inbox import messages

SOURCES = pathlib.Path(gorontalo_inbox.__file__).parent


def test_every_key_has_indonesian_and_english():
    for key, entry in messages.CATALOG.messages.items():
        assert set(entry) == {"id", "en"}, key
        assert entry["id"] and entry["en"], key


def test_every_key_the_code_names_is_in_the_catalog():
    """Literal keys in the package (texts and error reasons) all have texts; one left out fails here."""
    named = set()
    for path in SOURCES.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r'"((?:notice|next|title|what)_[a-z_]+)"', text))
        named |= set(re.findall(r'(?:\.add|FieldViolation)\("[a-z_]+", "([a-z_]+)"', text))
        named |= set(re.findall(r'Phrase\("([a-z_]+)"', text))
    named -= {"title_id", "title_en"}  # columns of the notifications table
    assert {"email_invalid", "ids_or_all_required", "email_token_invalid", "notice_revision_body"} <= named
    missing = sorted(k for k in named if not messages.CATALOG.has(k))
    assert missing == []


def test_states_and_refusal_reasons_built_at_run_time_have_texts():
    from gorontalo_inbox.domain import notices, timeline

    for kind, ranks in timeline.RANKS.items():
        for state in ranks:
            assert messages.CATALOG.has(f"state_{kind}_{state}"), (kind, state)
    for reason in notices.PAYMENT_REFUSALS_TOLD:
        assert messages.CATALOG.has(f"notice_refused_{reason}")
    for status in notices.COMPLAINT_STATUSES_TOLD + ("question", "update"):
        assert messages.CATALOG.has(f"notice_complaint_{status}")


def test_common_keys_stay_servicekits():
    assert messages.CATALOG.owner("required") == "servicekit"
    assert messages.CATALOG.owner("email_invalid") == "inbox"
    assert messages.translate("email_token_invalid", "en").startswith("The e-mail verification link")
