"""The person responsible for the business (penanggung jawab) on the apply form (issue 22).

SubmitApplication takes `responsible_nik` and `responsible_name`, both or neither: neither means the
account holder is responsible (the pre-check then compares the KTP with the account). The form asks
first whether it is the resident themselves ("saya sendiri") or someone else, and only someone else's
name and NIK are sent. The NIK travels in the POST body only, never in an address, and is never logged.
"""

from __future__ import annotations

import re

from ..texts import text

CHOICE = "responsible"
SELF, OTHER = "self", "other"
FIELDS = (CHOICE, "responsible_name", "responsible_nik")
NIK = re.compile(r"^\d{16}$")


def read(values: dict[str, str], errors: dict[str, str], lang: str) -> dict[str, str]:
    """The body fields for SubmitApplication ({} for the account holder), the form's own refusals put in
    `errors` (told before anything is sent, like a number that is no number). `values` is normalised."""
    choice = values.get(CHOICE) or SELF
    values[CHOICE] = choice if choice in (SELF, OTHER) else SELF
    name = " ".join(values.get("responsible_name", "").split())
    nik = re.sub(r"[\s.-]", "", values.get("responsible_nik", ""))
    values["responsible_name"], values["responsible_nik"] = name, nik
    if values[CHOICE] == SELF:
        if name or nik:
            # Typed in but not chosen (without JavaScript nothing hides the inputs): asked, not dropped.
            errors[CHOICE] = text("permits_responsible_choose_other", lang)
        return {}
    if not name:
        errors["responsible_name"] = text("permits_responsible_name_required", lang)
    if not NIK.fullmatch(nik):
        errors["responsible_nik"] = text("permits_responsible_nik_invalid", lang)
    return {"responsible_name": name, "responsible_nik": nik}
