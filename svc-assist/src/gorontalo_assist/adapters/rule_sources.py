"""The tax rules and the Siaga SMS format, from their owners' own code, in process.

Neither svc-tax nor svc-disaster serves these over an RPC, and copying them here would let the two
drift: so the rate table and the penalty policy are the ones svc-tax loads (gorontalo_tax.bootstrap,
its packaged table or TAX_RATES_PATH, TAX_PENALTY_*), the worked example is computed by svc-tax's
own penalty function, and the SMS format is the hint svc-disaster's parser answers with.
"""

from __future__ import annotations

import datetime as dt

from ..domain import questions
from ..domain.passages import SMS, TAX, Passage

# The worked example when the question names no amount: a resident's first motorcycle with an NJKB
# of Rp 20.000.000 (an illustration, said so in the answer; the bill states the real principal).
EXAMPLE_NJKB = 20_000_000
EXAMPLE_DUE_DATE = dt.date(2026, 1, 15)


def _percent(basis_points: int, per: int = 100) -> str:
    return f"{basis_points / per:g}".replace(".", ",")


class TaxRules:
    name = TAX

    def __init__(self, translate):
        from gorontalo_tax import bootstrap as tax

        self.rates = tax.load_rates()
        self.penalty_policy = tax.load_penalty()
        self.translate = translate

    def read(self) -> list[Passage]:
        policy, rates = self.penalty_policy, self.rates
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
            f"ke-{i + 1}{' dan seterusnya' if i == len(rates.progressive_rates_bp) - 1 else ''} {_percent(bp)} persen"
            for i, bp in enumerate(rates.progressive_rates_bp)
        )
        weights = ", ".join(
            f"{kind.replace('_', ' ')} {_percent(w, 1000)}" for kind, w in sorted(rates.weight_permille.items())
        )
        pkb = Passage(
            f"{TAX}:pkb-rates",
            TAX,
            "Tarif Pajak Kendaraan Bermotor (PKB)",
            f"PKB tahunan = NJKB x bobot x tarif. Tarif menurut urutan kepemilikan kendaraan (progresif): {order}. "
            f"Bobot: {weights}. Opsen PKB untuk kabupaten/kota: {_percent(rates.opsen_bp)} persen dari PKB terutang.",
            "/pajak",
        )
        return [penalty, pkb]

    def penalty_example(self, question: str, language: str) -> str | None:
        """'telat 3 bulan' -> the penalty for 3 started months, by svc-tax's own function."""
        from gorontalo_tax.domain import billing
        from gorontalo_tax.domain.model import WITA

        months = questions.months_late(question)
        if months is None:
            return None
        principal = questions.rupiah(question)
        key = "assist_penalty_example_given"
        if principal is None:
            assessed = self.rates.assess("sepeda_motor", EXAMPLE_NJKB, 1)
            principal = assessed.annual_pkb + assessed.annual_opsen_pkb
            key = "assist_penalty_example"
        # The moment `months` months have started after the due date (svc-tax counts started months).
        at = dt.datetime.combine(billing.add_months(EXAMPLE_DUE_DATE, months), dt.time(12), WITA)
        amount = billing.penalty(principal, EXAMPLE_DUE_DATE, at, self.penalty_policy)
        counted = min(months, self.penalty_policy.max_months)
        return self.translate(
            key,
            language,
            months=months,
            counted=counted,
            percent=_percent(self.penalty_policy.bp_per_month),
            principal=questions.format_rupiah(principal),
            njkb=questions.format_rupiah(EXAMPLE_NJKB),
            penalty=questions.format_rupiah(amount),
            total=questions.format_rupiah(principal + amount),
        )


class SmsFormat:
    name = SMS

    def read(self) -> list[Passage]:
        from gorontalo_disaster.domain import sms
        from gorontalo_disaster.domain.model import HAZARDS

        hazards = ", ".join(h.replace("_", " ") for h in HAZARDS)
        words = ", ".join(sorted({w for w in sms.SYNONYMS if w.isalpha() and len(w) <= 8}))
        return [
            Passage(
                f"{SMS}:siaga",
                SMS,
                "Lapor bencana lewat SMS (Siaga)",
                f"Tanpa internet, laporkan bencana dengan SMS berformat: {sms.FORMAT_HINT}. "
                f"Jenis bencana: {hazards} (kata lain pun dikenali: {words}). Wilayah boleh nama kecamatan "
                "atau desa, atau kode wilayah. Bila formatnya salah, balasan SMS menjelaskan format yang "
                "benar dan laporan belum tercatat.",
                "/siaga",
            )
        ]
