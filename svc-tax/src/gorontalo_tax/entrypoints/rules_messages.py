"""The public rules' messages (GetTaxRules, QuotePenalty), apart from the servicer that grows with every RPC."""

from __future__ import annotations

from gorontalo.tax.v1 import tax_pb2

from ..domain.billing import PenaltyPolicy
from ..domain.pkb import RateTable
from ..service_layer.rules import PenaltyQuote


def rules_message(rates: RateTable, policy: PenaltyPolicy) -> tax_pb2.TaxRules:
    return tax_pb2.TaxRules(
        pkb_weight_permille=dict(rates.weight_permille),
        pkb_progressive_rates_bp=list(rates.progressive_rates_bp),
        opsen_pkb_bp=rates.opsen_bp,
        penalty=tax_pb2.PenaltyPolicy(bp_per_month=policy.bp_per_month, max_months=policy.max_months),
    )


def quote_message(quote: PenaltyQuote) -> tax_pb2.PenaltyQuote:
    return tax_pb2.PenaltyQuote(
        principal=quote.principal,
        months_late=quote.months_late,
        months_counted=quote.months_counted,
        bp_per_month=quote.bp_per_month,
        penalty=quote.penalty,
        total=quote.total,
    )
