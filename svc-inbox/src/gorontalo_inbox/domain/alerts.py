"""Which disaster alerts reach which residents (plain Python)."""

from __future__ import annotations

from servicekit import regions

NOTIFYING_STATUS = "Actual"  # CAP Exercise, Test, System and Draft messages are nobody's business


def reaches(regency_code: str, region_codes) -> bool:
    """A resident registered in `regency_code` is told of an alert for any area that lies within
    their regency (a district, a village) or contains it (the province, the regency itself)."""
    if not regions.normalise(regency_code):
        return False
    for code in region_codes:
        if regions.within(code, (regency_code,)) or regions.within(regency_code, (code,)):
            return True
    return False


def regencies_reached(region_codes) -> set[str]:
    """The Gorontalo regencies (75.xx) an alert's areas touch: the residents' lookup keys."""
    reached = set()
    for code in region_codes:
        normalised = regions.normalise(code)
        if not normalised:
            continue
        if len(normalised) == 2:  # a province: every regency of it
            reached |= {r.code for r in regions.regencies() if r.code.startswith(normalised + ".")}
        else:
            reached.add(normalised[:5])
    return reached


def notifies(status: str) -> bool:
    return status == NOTIFYING_STATUS
