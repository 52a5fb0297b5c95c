"""The API's report intake: each report checked on its request's thread, committed with others.

A surge (an earthquake felt across the province) brings hundreds of reports a second. One transaction
per report made the COMMIT the intake's limit (issue 20), so a report is prepared here in full (its
checks, its row, its event, the answer its reporter gets) and handed to the intake port, whose adapter
commits many reports in one transaction (adapters.report_intake, servicekit.group_commit). The answer
leaves only after that commit: an acknowledged report is a committed report.

Idempotency-Key: a retry gets its committed answer and files nothing (servicekit.idempotency's rules,
decided in the write transaction: two requests of one key racing each other still file once); it is
looked up before the checks only when a rate limit would count the retry (see submit_report).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from servicekit import idempotency, idempotency_batch
from servicekit.auth import Principal
from servicekit.errors import ServiceError

from ..domain import model
from . import events, services

# Draws of a report code before giving up: a repeat is rare (one in tens of thousands at a
# province's volume), two in a row all but impossible.
CODE_ATTEMPTS = 5
OPERATION = "disaster.SubmitReport"  # the operation its Idempotency-Keys are stored under

Message = TypeVar("Message")


@dataclass(frozen=True)
class Filing:
    """Everything one report writes: its row, its event and the answer stored under its key."""

    report: model.Report
    event: events.ReportSubmitted
    answer: bytes
    keyed: idempotency_batch.KeyedRequest | None


@dataclass(frozen=True)
class Filed:
    answer: bytes
    replayed: bool  # the answer of an earlier request of the same key, nothing filed now


class ReportIntake(Protocol):
    """The port; adapters.report_intake.GroupCommittedReports is its adapter."""

    def stored_answer(self, keyed: idempotency_batch.KeyedRequest) -> bytes | None: ...

    def existing_photos(self, photo_ids: list[str]) -> set[str]: ...

    def file(self, filing: Filing) -> Filed: ...


def submit_report(
    intake: ReportIntake,
    clock: services.Clock,
    principal: Principal | None,
    *,
    keyed: idempotency_batch.KeyedRequest | None,
    render: Callable[[model.Report], Message],
    parse: Callable[[bytes], Message],
    **fields,
) -> Message:
    """A report from the API, answered once per Idempotency-Key: `render(report)` is the answer,
    `parse(bytes)` reads a stored one back. `fields` are services.accept_report's."""
    guards = fields.get("guards") or services.Guards()
    # A retry must not spend a rate-limit allowance: its stored answer is looked up first whenever a
    # limit counts this submission. Otherwise the write transaction finds it (settle_batch), and a
    # retry refused by a check the first request passed (its observation time has aged since) is
    # looked up then: either way the retry gets its first answer, as servicekit.idempotency.run gives.
    if keyed is not None and guards.would_count(principal, fields.get("phone") or ""):
        if (stored := intake.stored_answer(keyed)) is not None:
            return _replayed(parse, stored)
    try:
        report = services.accept_report(clock, principal, **fields)
        services.check_photos_exist(report, intake.existing_photos)
    except ServiceError:
        if keyed is not None and (stored := intake.stored_answer(keyed)) is not None:
            return _replayed(parse, stored)
        raise
    for _ in range(CODE_ATTEMPTS):
        answer = render(report)
        filing = Filing(report, events.report_submitted(report), answer.SerializeToString(deterministic=True), keyed)
        try:
            filed = intake.file(filing)
            break
        except model.ReportCodeTaken:
            report = dataclasses.replace(report, code=model.new_report_code())
    else:
        raise RuntimeError(f"no free report code in {CODE_ATTEMPTS} draws")
    if filed.replayed:  # a retry, or the same key's first request committed while this one was checked
        return _replayed(parse, filed.answer)
    idempotency.exit_if_fault_injected(OPERATION)
    services.count_accepted(report)
    return answer


def _replayed(parse: Callable[[bytes], Message], stored: bytes) -> Message:
    idempotency.REPLAYS.labels(OPERATION).inc()
    return parse(stored)
