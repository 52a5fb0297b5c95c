"""phone numbers re-normalised to E.164 by servicekit.phones, with their HMAC look-up index

Three normalisers disagreed (08..., 628..., +628..., different length rules). Every stored number
is decrypted, normalised by the one normaliser (libphonenumber rules), encrypted again and
re-indexed, so login by phone finds existing accounts however the resident types the number.
A number the normaliser does not accept as an Indonesian mobile number is left as it is (the
resident logs in by NIK); of two accounts whose numbers turn out to be the same, the older keeps it.

Revision ID: 0004
Revises: 0003
"""

import logging

import sqlalchemy as sa
from alembic import op

from servicekit import phones

from gorontalo_identity.adapters import migration_context

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

log = logging.getLogger("gorontalo_identity.migrations")


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, phone_encrypted, phone_index FROM accounts WHERE phone_encrypted IS NOT NULL "
            "ORDER BY created_at, id"
        )
    ).all()
    if not rows:
        return
    cipher = migration_context.current_cipher()
    if cipher is None:
        raise RuntimeError("migration 0004 re-encrypts phone numbers: run it through gorontalo_identity.bootstrap")
    changes: dict[str, tuple[str | None, str | None]] = {}
    holder: dict[str, str] = {}  # E.164 number -> the (older) account keeping it
    for row in rows:
        stored = cipher.decrypt(row.phone_encrypted, f"phone:{row.id}")
        try:
            number = phones.to_e164(stored)
        except phones.InvalidPhone:
            log.warning("account %s: stored phone number is not a valid mobile number; left as it is", row.id)
            number = stored
        if number in holder:
            log.warning("account %s: phone number also held by older account %s; removed here", row.id, holder[number])
            changes[row.id] = (None, None)
            continue
        holder[number] = row.id
        index = cipher.index(number, "phone")
        if number != stored or index != row.phone_index:
            changes[row.id] = (cipher.encrypt(number, f"phone:{row.id}"), index)
    update = sa.text("UPDATE accounts SET phone_encrypted = :encrypted, phone_index = :index WHERE id = :id")
    # Indexes are unique: clear every changing one first, so two numbers may trade places.
    for account_id in changes:
        bind.execute(sa.text("UPDATE accounts SET phone_index = NULL WHERE id = :id"), {"id": account_id})
    for account_id, (encrypted, index) in changes.items():
        bind.execute(update, {"id": account_id, "encrypted": encrypted, "index": index})


def downgrade() -> None:
    pass  # E.164 is a form the earlier code read and wrote as well
