"""The tax rules and the SMS format read over gRPC (mutual TLS, assist's certificate) from svc-tax's and
svc-disaster's real servicers in process: the same passages and worked examples as from their packages
(the evaluation's figures hold for the service), and an owner that is down or not configured leaves
its source stale and the answer without the example, never a failed question."""

from __future__ import annotations

import types

import pytest
from gorontalo_assist.adapters.rule_sources import (
    SmsFormat,
    TaxRules,
    grpc_sms_format,
    grpc_tax_calls,
    packaged_sms_format,
    packaged_tax_calls,
)
from gorontalo_assist.bootstrap import build_assistant
from gorontalo_assist.domain.passages import SourceUnavailable
from gorontalo_assist.messages import translate

from servicekit import testing_pki
from servicekit.server import Registration, ServiceRuntime
from servicekit.testing import TokenMinter

QUESTIONS = (
    "berapa denda pajak motor telat 3 bulan?",
    "denda pajak Rp 1.500.000 telat 30 bulan",
    "denda pkb 500 ribu telat sebulan",
    "denda pajak telat 0 bulan",
)


def _serve(service: str, add, servicer, catalog):
    minter = TokenMinter()
    server, _health, port = ServiceRuntime(
        tls=testing_pki.server_source(service),
        listen="127.0.0.1:0",
        metrics_port=0,
        verifier=minter.verifier,
        bus=None,
        max_workers=2,
        catalog=catalog,
        registrations=[Registration(add, servicer, f"gorontalo.{service}.v1")],
    ).build()
    server.start()
    return server, f"127.0.0.1:{port}"


@pytest.fixture
def tax_server():
    """svc-tax's servicer: GetTaxRules and QuotePenalty read only the rate table and the penalty policy."""
    from gorontalo.tax.v1 import tax_pb2_grpc
    from gorontalo_tax import bootstrap as tax
    from gorontalo_tax import messages
    from gorontalo_tax.entrypoints.grpc_servicer import TaxServicer

    app = types.SimpleNamespace(rates=tax.load_rates(), penalty=tax.load_penalty())
    server, address = _serve("tax", tax_pb2_grpc.add_TaxServiceServicer_to_server, TaxServicer(app), messages.CATALOG)
    yield server, address
    server.stop(None)


@pytest.fixture
def disaster_address():
    from gorontalo.disaster.v1 import disaster_pb2_grpc
    from gorontalo_disaster import messages
    from gorontalo_disaster.entrypoints.grpc_servicer import DisasterServicer

    server, address = _serve(
        "disaster",
        disaster_pb2_grpc.add_DisasterServiceServicer_to_server,
        DisasterServicer(types.SimpleNamespace()),
        messages.CATALOG,
    )
    yield address
    server.stop(None)


def _channel(address: str, service: str):
    return testing_pki.test_channel(address, "assist", expect=service)


def test_over_grpc_the_passages_and_examples_are_those_of_the_packages(tax_server, disaster_address):
    _server, tax_address = tax_server
    with _channel(tax_address, "tax") as tax_channel, _channel(disaster_address, "disaster") as disaster_channel:
        remote_tax = TaxRules(translate, grpc_tax_calls(tax_channel))
        local_tax = TaxRules(translate, packaged_tax_calls())
        assert remote_tax.read() == local_tax.read()
        assert [p.id for p in remote_tax.read()] == ["tax:penalty", "tax:pkb-rates"]
        for question in QUESTIONS:
            for language in ("id", "en"):
                example = remote_tax.penalty_example(question, language)
                assert example and example == local_tax.penalty_example(question, language)
        assert "denda Rp 9.960" in remote_tax.penalty_example(QUESTIONS[0], "id")
        assert remote_tax.penalty_example("berapa denda pajak motor?", "id") is None  # no period named

        remote_sms = SmsFormat(grpc_sms_format(disaster_channel)).read()
        assert remote_sms == SmsFormat(packaged_sms_format).read()
        assert "SIAGA <BENCANA>" in remote_sms[0].text and "contoh: SIAGA BANJIR Tapa" in remote_sms[0].text


def test_tax_down_leaves_its_source_stale_and_answers_without_the_example(tax_server, monkeypatch):
    server, tax_address = tax_server
    monkeypatch.setenv("WEB_PUBLIC_URL", "https://gorontaloprov.go.id")
    with _channel(tax_address, "tax") as channel:
        tax = TaxRules(translate, grpc_tax_calls(channel, timeout=2, quote_timeout=2))
        library, assistant = build_assistant("packages", rule_sources=(tax, SmsFormat(packaged_sms_format)))
        assert not {s.name: s for s in library.refresh()}["tax"].stale
        assert "denda Rp 9.960" in assistant.answer(QUESTIONS[0], "id").text

        server.stop(None).wait()
        states = {s.name: s for s in library.refresh()}
        assert states["tax"].stale and states["tax"].problem == "unavailable"
        assert len(states["tax"].passages) == 2  # what was read before still answers
        answer = assistant.answer(QUESTIONS[0], "id")
        assert answer.kind == "answered" and answer.citations[0].hit.passage.id == "tax:penalty"
        assert answer.stale_sources == ["tax"] and "denda Rp" not in answer.text


def test_owners_without_an_address_are_stale_sources_not_a_failed_start(monkeypatch, tmp_path):
    for service in ("permits", "complaints", "tax", "disaster"):
        monkeypatch.delenv(f"{service.upper()}_ADDR", raising=False)
    monkeypatch.setenv("SERVICES_FILE", str(tmp_path / "absent.toml"))  # an installed service has no registry
    monkeypatch.setenv("VAR_DIR", str(tmp_path / "var"))
    library, assistant = build_assistant("services")
    states = {s.name: s for s in library.refresh()}
    assert {name: s.problem for name, s in states.items() if s.stale} == {
        name: "no_address" for name in ("permits", "complaints", "tax", "sms")
    }
    answer = assistant.answer("jam buka kantor pelayanan provinsi", "id")  # the FAQ still answers
    assert not states["faq"].stale and answer.citations[0].hit.passage.id == "faq:kontak"
    with pytest.raises(SourceUnavailable):
        TaxRules(translate, grpc_tax_calls(None)).calls.quote(None)
