"""The tax rules and the Siaga SMS format, read from their owners: svc-tax's GetTaxRules and QuotePenalty,
svc-disaster's GetSmsFormat (public RPCs), so a copy here cannot drift from what bills and the SMS parser
use. The worked penalty example is quoted by svc-tax's own function (QuotePenalty) per question.

Each source takes its owner's calls as functions returning the RPCs' messages: over gRPC in the service
(`grpc_tax_calls`, `grpc_sms_format`), in process from the owners' installed packages for the evaluation
(`packaged_tax_calls`, `packaged_sms_format`; the [evaluate] extra), the same messages either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import grpc

from gorontalo.disaster.v1 import disaster_pb2, disaster_pb2_grpc
from gorontalo.tax.v1 import tax_pb2, tax_pb2_grpc
from servicekit.clients import outgoing_metadata
from servicekit.errors import InvalidArgument

from ..domain import questions
from ..domain.passages import SMS, TAX, Passage, SourceUnavailable

log = logging.getLogger(__name__)

# The worked example when the question names no amount: a resident's first motorcycle with an NJKB
# of Rp 20.000.000 (an illustration, said so in the answer; the bill states the real principal).
EXAMPLE_VEHICLE = "sepeda_motor"
EXAMPLE_NJKB = 20_000_000


def _percent(basis_points: int, per: int = 100) -> str:
    return f"{basis_points / per:g}".replace(".", ",")


def _unavailable(error: grpc.RpcError) -> SourceUnavailable:
    return SourceUnavailable(error.code().name.lower())


@dataclass(frozen=True)
class TaxCalls:
    rules: Callable[[], tax_pb2.TaxRules]
    quote: Callable[[tax_pb2.QuotePenaltyRequest], tax_pb2.PenaltyQuote]


def grpc_tax_calls(channel: grpc.Channel | None, timeout: float = 5.0, quote_timeout: float = 1.0) -> TaxCalls:
    """None: no address for svc-tax is configured; the source stays unreadable (stale), never a crash."""
    stub = tax_pb2_grpc.TaxServiceStub(channel) if channel is not None else None

    def rules() -> tax_pb2.TaxRules:
        if stub is None:
            raise SourceUnavailable("no_address")
        return stub.GetTaxRules(tax_pb2.GetTaxRulesRequest(), timeout=timeout, metadata=outgoing_metadata())

    def quote(request: tax_pb2.QuotePenaltyRequest) -> tax_pb2.PenaltyQuote:
        if stub is None:
            raise SourceUnavailable("no_address")
        # Short: it is asked while a resident waits for the answer.
        return stub.QuotePenalty(request, timeout=quote_timeout, metadata=outgoing_metadata())

    return TaxCalls(rules, quote)


def packaged_tax_calls() -> TaxCalls:
    """svc-tax's own table, policy and quote in process (gorontalo-tax installed: the evaluation)."""
    from gorontalo_tax import bootstrap as tax
    from gorontalo_tax.entrypoints.rules_messages import quote_message, rules_message
    from gorontalo_tax.service_layer import rules

    rates, policy = tax.load_rates(), tax.load_penalty()

    def quote(request: tax_pb2.QuotePenaltyRequest) -> tax_pb2.PenaltyQuote:
        try:
            quoted = rules.quote_penalty(
                rates,
                policy,
                months_late=request.months_late,
                principal=request.principal,
                vehicle_type=request.vehicle_type,
                taxable_value=request.taxable_value,
                ownership_order=request.ownership_order,
            )
        except InvalidArgument:
            raise SourceUnavailable("invalid_argument") from None  # as the RPC's status would say
        return quote_message(quoted)

    return TaxCalls(lambda: rules_message(rates, policy), quote)


def tax_passages(rules: tax_pb2.TaxRules) -> list[Passage]:
    policy, progressive = rules.penalty, list(rules.pkb_progressive_rates_bp)
    penalty = Passage(
        f"{TAX}:penalty",
        TAX,
        "Denda keterlambatan pajak",
        f"Sanksi administratif bunga (UU 1/2022): {_percent(policy.bp_per_month)} persen dari pokok pajak yang belum "
        f"dibayar untuk setiap bulan atau bagian bulan sejak lewat jatuh tempo, paling lama "
        f"{policy.max_months} bulan. Berlaku untuk PKB, PBB dan retribusi; dihitung ke bawah ke rupiah penuh.",
        "/pajak",
    )
    order = ", ".join(
        f"ke-{i + 1}{' dan seterusnya' if i == len(progressive) - 1 else ''} {_percent(bp)} persen"
        for i, bp in enumerate(progressive)
    )
    weights = ", ".join(
        f"{kind.replace('_', ' ')} {_percent(w, 1000)}" for kind, w in sorted(rules.pkb_weight_permille.items())
    )
    pkb = Passage(
        f"{TAX}:pkb-rates",
        TAX,
        "Tarif Pajak Kendaraan Bermotor (PKB)",
        f"PKB tahunan = NJKB x bobot x tarif. Tarif menurut urutan kepemilikan kendaraan (progresif): {order}. "
        f"Bobot: {weights}. Opsen PKB untuk kabupaten/kota: {_percent(rules.opsen_pkb_bp)} persen dari PKB terutang.",
        "/pajak",
    )
    return [penalty, pkb]


class TaxRules:
    name = TAX

    def __init__(self, translate, calls: TaxCalls):
        self.translate = translate
        self.calls = calls

    def read(self) -> list[Passage]:
        try:
            return tax_passages(self.calls.rules())
        except grpc.RpcError as error:
            raise _unavailable(error) from None

    def penalty_example(self, question: str, language: str) -> str | None:
        """'telat 3 bulan' -> the penalty for 3 started months, quoted by svc-tax's own function; None when
        the question names no period or svc-tax cannot quote now (the passage still answers)."""
        months = questions.months_late(question)
        if months is None:
            return None
        principal = questions.rupiah(question)
        if principal is None:
            request = tax_pb2.QuotePenaltyRequest(
                vehicle_type=EXAMPLE_VEHICLE, taxable_value=EXAMPLE_NJKB, ownership_order=1, months_late=months
            )
            key = "assist_penalty_example"
        else:
            request = tax_pb2.QuotePenaltyRequest(principal=principal, months_late=months)
            key = "assist_penalty_example_given"
        try:
            quote = self.calls.quote(request)
        except (grpc.RpcError, SourceUnavailable) as error:
            reason = error.reason if isinstance(error, SourceUnavailable) else error.code().name.lower()
            # The reason only: never the question (it may carry a NIK or a phone number).
            log.warning("assist: svc-tax could not quote a penalty (%s); answering without the example", reason)
            return None
        return self.translate(
            key,
            language,
            months=quote.months_late,
            counted=quote.months_counted,
            percent=_percent(quote.bp_per_month),
            principal=questions.format_rupiah(quote.principal),
            njkb=questions.format_rupiah(EXAMPLE_NJKB),
            penalty=questions.format_rupiah(quote.penalty),
            total=questions.format_rupiah(quote.total),
        )


def grpc_sms_format(channel: grpc.Channel | None, timeout: float = 5.0) -> Callable[[], disaster_pb2.SmsFormat]:
    stub = disaster_pb2_grpc.DisasterServiceStub(channel) if channel is not None else None

    def read() -> disaster_pb2.SmsFormat:
        if stub is None:
            raise SourceUnavailable("no_address")
        return stub.GetSmsFormat(disaster_pb2.GetSmsFormatRequest(), timeout=timeout, metadata=outgoing_metadata())

    return read


def packaged_sms_format() -> disaster_pb2.SmsFormat:
    """svc-disaster's parser tables in process (gorontalo-disaster installed: the evaluation)."""
    from gorontalo_disaster.service_layer import sms

    found = sms.sms_format()
    return disaster_pb2.SmsFormat(
        keyword=found.keyword,
        format=found.form,
        example=found.example,
        hazards=[disaster_pb2.SmsHazard(code=code, keywords=words) for code, words in found.keywords_by_hazard.items()],
    )


def sms_passages(published: disaster_pb2.SmsFormat) -> list[Passage]:
    hazards = ", ".join(h.code.replace("_", " ") for h in published.hazards)
    # Single everyday words only (BANJIR, LONGSOR), not the joined forms (TANAHLONGSOR) a phone types.
    words = ", ".join(sorted({w for h in published.hazards for w in h.keywords if w.isalpha() and len(w) <= 8}))
    return [
        Passage(
            f"{SMS}:siaga",
            SMS,
            "Lapor bencana lewat SMS (Siaga)",
            f"Tanpa internet, laporkan bencana dengan SMS berformat: {published.format}, contoh: {published.example}. "
            f"Jenis bencana: {hazards} (kata lain pun dikenali: {words}). Wilayah boleh nama kecamatan "
            "atau desa, atau kode wilayah. Bila formatnya salah, balasan SMS menjelaskan format yang "
            "benar dan laporan belum tercatat.",
            "/siaga",
        )
    ]


class SmsFormat:
    name = SMS

    def __init__(self, published: Callable[[], disaster_pb2.SmsFormat]):
        self.published = published

    def read(self) -> list[Passage]:
        try:
            return sms_passages(self.published())
        except grpc.RpcError as error:
            raise _unavailable(error) from None
