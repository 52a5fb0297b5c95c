"""svc-assist over gRPC in process, served over mutual TLS as the gateway reaches it: answers in both
languages, the sources' state, the per-address and per-account limits, and no question in any log."""

from __future__ import annotations

import logging

import grpc
import pytest
from gorontalo_assist.adapters.catalog_sources import GrpcComplaintCategories, GrpcPermitCatalog
from gorontalo_assist.domain.passages import SourceUnavailable

from gorontalo.assist.v1 import assist_pb2
from servicekit import testing_pki
from servicekit.testing import error_reason

NIK = "7571014501900003"
PHONE = "081234567890"


def ask(stub, question, language="id", address="203.0.113.7", token=()):
    metadata = [("accept-language", language), ("x-client-address", address), *token]
    return stub.AskQuestion(assist_pb2.AskQuestionRequest(question=question), metadata=metadata)


def test_the_example_questions_answered_with_their_sources(stub):
    answer = ask(stub, "berapa denda pajak motor telat 3 bulan?")
    assert answer.kind == "answered" and answer.language == "id"
    assert answer.citations[0].id == "tax:penalty" and answer.citations[0].source == "tax"
    assert answer.citations[0].link == "https://gorontaloprov.go.id/pajak"
    assert "denda Rp 9.960" in answer.text
    warung = ask(stub, "syarat izin usaha warung?", address="203.0.113.8")
    assert warung.citations[0].id == "permits:56102"
    assert "Rumah/Warung Makan" in warung.citations[0].quote


def test_english_by_accept_language_and_refusal_with_next_steps(stub):
    answer = ask(stub, "harga cabai di pasar hari ini", language="en")
    assert answer.kind == "unknown" and answer.language == "en"
    assert answer.text.startswith("Sorry, we do not know")
    assert [s.link for s in answer.next_steps][0].endswith("/pengaduan")


def test_sources_listed_with_their_state(stub):
    sources = {s.name: s for s in stub.ListSources(assist_pb2.ListSourcesRequest()).sources}
    assert set(sources) == {"permits", "complaints", "tax", "sms", "faq"}
    assert sources["permits"].passages == 15 and not sources["permits"].stale
    assert sources["faq"].read_at.seconds > 0


def test_empty_question_is_refused_with_its_reason(stub):
    with pytest.raises(grpc.RpcError) as refused:
        ask(stub, "   ")
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_reason(refused.value) == "ASSIST_QUESTION_EMPTY"


def test_questions_are_limited_per_client_address_and_per_account(stub, minter):
    for _ in range(3):
        ask(stub, "apa itu NIB", address="198.51.100.1")
    with pytest.raises(grpc.RpcError) as limited:
        ask(stub, "apa itu NIB", address="198.51.100.1")
    assert limited.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    # One account from many addresses (a phone moving between networks) is limited too.
    token = minter.metadata(role="citizen", subject="warga-1")
    ask(stub, "apa itu NIB", address="198.51.100.2", token=token)
    ask(stub, "apa itu NIB", address="198.51.100.3", token=token)
    with pytest.raises(grpc.RpcError) as limited:
        ask(stub, "apa itu NIB", address="198.51.100.4", token=token)
    assert limited.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_a_question_with_a_nik_and_a_phone_number_appears_in_no_log_line(stub, caplog):
    caplog.set_level(logging.DEBUG)
    question = f"status izin saya NIK {NIK} hp {PHONE}"
    assert ask(stub, question).kind == "own_case"
    ask(stub, f"syarat izin warung, NIK saya {NIK}", address="203.0.113.9")
    assert caplog.records, "the interceptors log each call: the check would be empty otherwise"
    lines = [record.getMessage() + repr(record.__dict__) for record in caplog.records]
    assert not [line for line in lines if NIK in line or PHONE in line or "warung" in line]


def test_grpc_sources_unreachable_say_so():
    channel = testing_pki.test_channel("127.0.0.1:1", "assist")
    try:
        for source in (GrpcPermitCatalog(channel, timeout=1), GrpcComplaintCategories(channel, timeout=1)):
            with pytest.raises(SourceUnavailable) as down:
                source.read()
            assert down.value.reason == "unavailable"
    finally:
        channel.close()
