"""Every event identity publishes is declared in proto and is its message's JSON (issue 13).

The payload tests of each use case pin the exact JSON; this one holds the set of types identity
emits to what proto declares for it, and each payload to its message: no key more, none fewer,
each of the declared type.
"""

from __future__ import annotations

from gorontalo_identity.service_layer import admin, assurance, credentials, sessions
from servicekit import event_messages


def _a_day_of_identity(ident) -> None:
    """Each use case that publishes, once."""
    siti = ident.at_level_two(ident.signup())  # citizen.registered (level 2: the credential needs it)
    agency = ident.agency()
    officer = ident.officer(agency, "petugas.kota", ["75.71"])  # officer.created
    admin.set_agency_head(ident.uow(), ident.clock, officer_id=officer.id, agency_head=True)  # agency_head_changed
    credential = credentials.issue(ident.uow(), ident.keys, ident.clock, siti.id)  # credential.issued
    credentials.revoke(ident.uow(), ident.clock, siti.id, credential.id)  # credential.revoked
    ident.import_rows([ident.SITI | {"full_name": "Siti Rahmawati"}, ident.NUR, ident.AHMAD])  # citizen.updated
    session = ident.login(ident.SITI_NIK)
    sessions.logout(ident.uow(), ident.clock, session.refresh_token)  # token.revoked
    desk = ident.desk_officer()
    ident.check_in_person(ident.principal_of(ident.SITI_NIK), desk)  # citizen.assurance_changed
    ident.signup(nik=ident.NUR_NIK, full_name="Nur Aini", birth_date="1990-01-02", phone="081300000002")
    assurance.repair_takeover(  # citizen.takeover_repaired
        ident.uow(), ident.clock, desk, nik=ident.NUR_NIK, purpose="Pemilik asli datang dengan e-KTP"
    )


def test_identity_emits_exactly_the_types_proto_declares_for_it(ident):
    _a_day_of_identity(ident)
    # gorontalo.identity.staff.action_recorded is written by servicekit's audit interceptor around the
    # RPCs, not by a use case (test_grpc_staff_audit.py covers it).
    declared = {
        type_
        for type_, event in event_messages.declared_events().items()
        if event.producer == "identity" and not type_.endswith(".staff.action_recorded")
    }
    assert {envelope["type"] for envelope in ident.events()} == declared
    assert len(declared) == 9


def test_every_payload_is_its_message_json(ident):
    _a_day_of_identity(ident)
    declared = event_messages.declared_events()
    for envelope in ident.events():
        message_class = declared[envelope["type"]].message_class()
        parsed = event_messages.parse(message_class, envelope["data"])
        assert event_messages.to_data(parsed) == envelope["data"], envelope["type"]
        assert event_messages.event_type(parsed) == envelope["type"]
