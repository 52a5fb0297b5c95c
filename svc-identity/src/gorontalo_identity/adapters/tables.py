"""Database tables of svc-identity. NIK and phone exist only encrypted and as keyed hashes.

Every point in time is a UtcDateTime: stored as UTC, read back aware on SQLite and PostgreSQL alike.
"""

import sqlalchemy as sa

from servicekit import idempotency, notify
from servicekit.db import UtcDateTime, new_metadata

metadata = new_metadata()

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("nik_encrypted", sa.Text, nullable=True),
    sa.Column("nik_index", sa.String(64), nullable=True, unique=True),
    sa.Column("phone_encrypted", sa.Text, nullable=True),
    sa.Column("phone_index", sa.String(64), nullable=True, unique=True),
    sa.Column("username", sa.String(100), nullable=True, unique=True),
    sa.Column("birth_date", sa.Date, nullable=True),
    sa.Column("regency_code", sa.String(13), nullable=False, server_default=""),
    sa.Column("agency", sa.String(200), nullable=False, server_default=""),
    sa.Column("agency_id", sa.String(36), nullable=True),
    sa.Column("jurisdiction", sa.JSON, nullable=False),
    sa.Column("agency_head", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("first_failed_at", UtcDateTime, nullable=True),
    sa.Column("locked_until", UtcDateTime, nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    # pending_verification, active, closed_takeover (a closed account's NIK and phone indexes are NULL).
    sa.Column("status", sa.String(30), nullable=False, server_default="active"),
    sa.Column("phone_verified_at", UtcDateTime, nullable=True),
    sa.Column("in_person_checked_at", UtcDateTime, nullable=True),
    sa.Column("pending_until", UtcDateTime, nullable=True),
    sa.Column("closed_at", UtcDateTime, nullable=True),
    # One head per agency even when two admins appoint at the same moment.
    sa.Index(
        "uq_accounts_agency_head",
        "agency_id",
        unique=True,
        sqlite_where=sa.text("agency_head"),
        postgresql_where=sa.text("agency_head"),
    ),
)

residents = sa.Table(
    "residents",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("nik_encrypted", sa.Text, nullable=False),
    sa.Column("nik_index", sa.String(64), nullable=False, unique=True),
    sa.Column("kk_encrypted", sa.Text, nullable=False),
    sa.Column("kk_index", sa.String(64), nullable=False, index=True),
    sa.Column("full_name", sa.String(200), nullable=False),
    sa.Column("birth_place", sa.String(100), nullable=False),
    sa.Column("birth_date", sa.Date, nullable=False),
    sa.Column("sex", sa.String(1), nullable=False),
    sa.Column("address", sa.String(300), nullable=False),
    sa.Column("village_code", sa.String(13), nullable=False),
    sa.Column("district_code", sa.String(8), nullable=False),
    sa.Column("regency_code", sa.String(5), nullable=False, index=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
)

agencies = sa.Table(
    "agencies",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("code", sa.String(60), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("region_code", sa.String(13), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

refresh_tokens = sa.Table(
    "refresh_tokens",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("family_id", sa.String(36), nullable=False, index=True),
    sa.Column("account_id", sa.String(36), nullable=False, index=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("used_at", UtcDateTime, nullable=True),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
    # The access token issued with this refresh token: a logout revokes it too.
    sa.Column("access_token_id", sa.String(64), nullable=True, index=True),
    sa.Column("access_expires_at", UtcDateTime, nullable=True),
)

# Access tokens ended before their expiry (logout, a stolen refresh chain); kept until they expire.
revoked_tokens = sa.Table(
    "revoked_tokens",
    metadata,
    sa.Column("token_id", sa.String(64), primary_key=True),
    sa.Column("expires_at", UtcDateTime, nullable=False, index=True),
)

idempotency_records = idempotency.define_table(metadata)

credentials = sa.Table(
    "credentials",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False, index=True),
    sa.Column("token", sa.Text, nullable=False),
    sa.Column("issued_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
)

api_clients = sa.Table(
    "api_clients",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("rate_limit_per_minute", sa.Integer, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

ektp_checks = sa.Table(
    "ektp_checks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("client_id", sa.String(40), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("nik_index", sa.String(64), nullable=True),
    sa.Column("purpose", sa.String(200), nullable=False),
    sa.Index("ix_ektp_checks_client_at", "client_id", "at"),
)

access_log = sa.Table(
    "access_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("subject_nik_index", sa.String(64), nullable=False, index=True),
    sa.Column("actor_role", sa.String(20), nullable=False),
    sa.Column("actor_id", sa.String(40), nullable=False),
    sa.Column("actor_name", sa.String(200), nullable=False),
    sa.Column("agency", sa.String(200), nullable=False),
    sa.Column("purpose", sa.String(200), nullable=False),
    sa.Column("at", UtcDateTime, nullable=False),
)

# One-time SMS codes: the digits only as a keyed hash (PII index key), the number they went to encrypted.
verification_codes = sa.Table(
    "verification_codes",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False),
    sa.Column("purpose", sa.String(20), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("phone_encrypted", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("used_at", UtcDateTime, nullable=True),
    sa.Index("ix_verification_codes_account_purpose", "account_id", "purpose"),
)

# In-person check challenges (the QR the resident shows), by hash.
in_person_challenges = sa.Table(
    "in_person_challenges",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("account_id", sa.String(36), nullable=False, index=True),
    sa.Column("challenge_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False),
    sa.Column("used_at", UtcDateTime, nullable=True),
)

# SMS identity owes someone (codes), drained by servicekit.notify.Sender; number and text encrypted.
deliveries = notify.define_table(metadata, name="deliveries")

# Staff's authenticator apps (TOTP, domain.totp): the shared secret encrypted like every other secret
# here (PII key, bound to the account id); confirmed once the first code matched.
staff_totp = sa.Table(
    "staff_totp",
    metadata,
    sa.Column("account_id", sa.String(36), primary_key=True),
    sa.Column("secret_encrypted", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("confirmed_at", UtcDateTime, nullable=True),
    sa.Column("last_used_step", sa.BigInteger, nullable=True),
)

# The staff audit trail (domain.audit): append-only. Migration 0007 adds triggers that refuse any
# UPDATE or DELETE on it, so not even a bug or a console session of the service's own role edits it.
staff_actions = sa.Table(
    "staff_actions",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(64), nullable=False, unique=True),
    sa.Column("at", UtcDateTime, nullable=False, index=True),
    sa.Column("actor_id", sa.String(64), nullable=False, index=True),
    sa.Column("actor_username", sa.String(100), nullable=False, server_default=""),
    sa.Column("actor_name", sa.String(200), nullable=False, server_default=""),
    sa.Column("actor_role", sa.String(20), nullable=False),
    sa.Column("agency", sa.String(60), nullable=False, server_default="", index=True),
    sa.Column("jurisdiction", sa.JSON, nullable=False),
    sa.Column("service", sa.String(40), nullable=False),
    sa.Column("method", sa.String(100), nullable=False),
    sa.Column("http_route", sa.String(300), nullable=False, server_default=""),
    sa.Column("resource", sa.JSON, nullable=False),
    sa.Column("request_id", sa.String(128), nullable=False, server_default=""),
    sa.Column("recorded_at", UtcDateTime, nullable=False),
)
