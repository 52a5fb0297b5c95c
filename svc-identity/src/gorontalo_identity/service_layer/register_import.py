"""Import of a population register CSV: all or nothing, idempotent, every rejected row explained."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from gorontalo.identity.v1 import events_pb2 as events
from servicekit.errors import FieldViolation

from ..domain.register import CSV_COLUMNS, Resident, parse_row


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, list[FieldViolation]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


def read_rows(text: str, today) -> tuple[list[tuple[int, Resident]], ImportReport]:
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.rejected.append((1, [FieldViolation(c, "column_missing") for c in missing]))
        return [], report
    rows, seen = [], {}
    for row in reader:
        line = reader.line_num  # the physical line, even with blank lines or multi-line quoted fields
        resident, problems = parse_row(row, today)
        if resident and resident.nik in seen:
            problems = [FieldViolation("nik", "nik_duplicate_in_file", {"line": seen[resident.nik]})]
        if problems:
            report.rejected.append((line, problems))
            continue
        seen[resident.nik] = line
        rows.append((line, resident))
    return rows, report


def import_register(uow, clock, text: str) -> ImportReport:
    """Nothing is written unless every row is valid: a Disdukcapil file is taken whole or not at all."""
    now = clock()
    rows, report = read_rows(text, now.date())
    if not report.ok:
        return report
    with uow:
        for _, resident in rows:
            existing = uow.residents.fingerprint(resident.nik)
            if existing and existing[1] == uow.residents.fingerprint_of(resident):
                report.unchanged += 1
                continue
            uow.residents.upsert(resident, now, existing[0] if existing else None)
            if existing:
                report.updated += 1
                account = uow.accounts.by_nik(resident.nik)
                if account is not None:
                    # The register is the source of truth for name and regency.
                    account.full_name, account.regency_code = resident.full_name, resident.regency_code
                    account.birth_date = resident.birth_date
                    uow.accounts.save(account)
                    uow.add_event(
                        events.CitizenUpdated(citizen_id=account.id, regency_code=resident.regency_code),
                        subject=account.id,
                    )
            else:
                report.created += 1
        uow.commit()
    return report
