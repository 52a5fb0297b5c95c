"""Stemming, retrieval, answer assembly, the penalty example and refusals, on the real sources."""

from __future__ import annotations

import pytest
from gorontalo_assist.domain import answers, language, questions
from gorontalo_assist.domain.passages import Passage
from gorontalo_assist.domain.retrieval import PassageIndex


def test_sastrawi_stems_and_stop_words():
    assert language.terms("Persyaratan perizinan berusaha?") == ["syarat", "izin", "usaha"]
    assert language.terms("bagaimana cara lapor banjir") == ["lapor", "banjir"]
    # Negations stay: "tidak mengalir" is not "mengalir".
    assert "tidak" in language.terms("air tidak mengalir")


def test_stems_are_sastrawis_own_on_every_word_of_the_packaged_sources():
    # The stemmer answers its dictionary look-ups from a set (start-up: 8.6 s -> 0.2 s); the stems
    # must be exactly those of Sastrawi's own factory-made stemmer.
    from gorontalo_assist.bootstrap import build_assistant
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    library, _ = build_assistant("packages", min_coverage=0.3)
    library.refresh()
    words = {
        part
        for passage in library.index.passages
        for word in language._WORD.findall(passage.indexed_text.lower())
        for part in word.split("-")
        if len(part) > 3 and not part.isdigit()
    }
    words |= {"persyaratan", "perizinan", "berusaha", "mempertanggungjawabkan", "pengelolaan", "kebanjiran"}
    assert len(words) > 300
    words = sorted(words)[::2]  # every other word: Sastrawi's own stemmer takes ~15 ms a word
    reference = StemmerFactory().create_stemmer()
    assert {w: language._stemmer().stem(w) for w in words} == {w: reference.stem(w) for w in words}


def test_coverage_weighs_a_word_no_passage_has_the_most():
    index = PassageIndex(
        [
            Passage("faq:a", "faq", "Paspor", "tidak ada", "/a"),
            Passage("faq:b", "faq", "Membuat akun", "akun dibuat dengan nomor HP", "/b"),
            Passage("faq:c", "faq", "Pajak", "pajak kendaraan", "/c"),
        ]
    )
    [hit, *_] = index.search("cara membuat akun")
    assert hit.passage.id == "faq:b" and hit.coverage == pytest.approx(1.0)
    [hit] = index.search("membuat visa")  # "visa" is in no passage: most of the question is not covered
    assert hit.passage.id == "faq:b" and hit.coverage < 0.4


def test_the_three_example_questions_are_answered_from_their_sources(assistant):
    warung = assistant.answer("syarat izin usaha warung?", "id")
    assert warung.kind == answers.ANSWERED
    assert warung.citations[0].hit.passage.id == "permits:56102"
    assert "KTP penanggung jawab, NPWP" in warung.text
    assert warung.citations[0].link == "https://gorontaloprov.go.id/izin/ajukan/56102"

    flood = assistant.answer("bagaimana lapor banjir lewat SMS?", "id")
    assert flood.citations[0].hit.passage.id == "sms:siaga"
    assert "SIAGA <BENCANA>" in flood.text

    penalty = assistant.answer("berapa denda pajak motor telat 3 bulan?", "id")
    assert penalty.citations[0].hit.passage.id == "tax:penalty"
    # First motorcycle, NJKB Rp 20.000.000: PKB 1% = 200.000, opsen 66% = 132.000; 3 x 1% of 332.000.
    assert "3 x 1% x Rp 332.000 = denda Rp 9.960" in penalty.text
    assert "Rp 341.960" in penalty.text


def test_the_penalty_example_takes_the_amount_named_and_stops_at_24_months(assistant):
    given = assistant.answer("denda pajak Rp 500.000 telat 2 bulan berapa", "id")
    assert "2 x 1% x Rp 500.000 = denda Rp 10.000" in given.text
    capped = assistant.answer("denda pajak 1 juta terlambat 3 tahun", "id")
    assert "36 bulan: 24 x 1% x Rp 1.000.000 = denda Rp 240.000" in capped.text


def test_english_frames_the_quotes_and_the_example(assistant):
    answer = assistant.answer("berapa denda pajak motor telat 3 bulan?", "en")
    assert answer.text.startswith("What the platform's official sources say (quoted in Indonesian):")
    assert "a penalty of Rp 9.960" in answer.text


def test_a_question_outside_the_sources_is_refused_with_a_way_forward(assistant):
    answer = assistant.answer("cara membuat paspor", "id")
    assert answer.kind == answers.UNKNOWN and answer.citations == []
    assert answer.text.startswith("Maaf, kami tidak tahu")
    assert [s.link for s in answer.next_steps] == [
        "https://gorontaloprov.go.id/pengaduan",
        "mailto:layanan@gorontaloprov.go.id",
    ]


def test_own_cases_are_pointed_to_the_timeline(assistant):
    answer = assistant.answer("status izin saya sudah sampai mana", "id")
    assert answer.kind == answers.OWN_CASE
    assert answer.next_steps[0].link == "https://gorontaloprov.go.id/saya"
    # Saying "saya" is not enough: a question about a rule is still answered.
    assert assistant.answer("pajak motor saya telat 2 bulan dendanya berapa", "id").kind == answers.ANSWERED


@pytest.mark.parametrize(
    ("text", "months", "amount"),
    [
        ("telat 3 bulan", 3, None),
        ("terlambat 1 tahun", 12, None),
        ("sebulan, Rp 1.250.000", 1, 1_250_000),
        ("200 ribu", None, 200_000),
    ],
)
def test_months_and_amounts_read_from_the_question(text, months, amount):
    assert questions.months_late(text) == months
    assert questions.rupiah(text) == amount


def test_a_source_that_goes_down_keeps_its_passages_marked_stale(assistant, permits_source):
    permits_source.down = True
    assistant.library.refresh()
    state = {s.name: s for s in assistant.library.states()}["permits"]
    assert state.stale and state.problem == "unavailable" and len(state.passages) == 15
    answer = assistant.answer("syarat izin usaha warung?", "id")
    assert answer.citations[0].hit.passage.id == "permits:56102" and answer.citations[0].stale
    assert answer.stale_sources == ["permits"]
    assert "sumber permits tidak dapat dibaca" in answer.text
    permits_source.down = False
    assistant.library.refresh()
    assert assistant.answer("syarat izin usaha warung?", "id").stale_sources == []


def test_a_stale_source_is_retried_sooner(assistant, permits_source):
    from gorontalo_assist.service_layer.library import Refresher

    refresher = Refresher(assistant.library, seconds=300, retry_seconds=5)
    assert refresher._next_wait() == 300
    permits_source.down = True
    assistant.library.refresh()
    assert refresher._next_wait() == 5
