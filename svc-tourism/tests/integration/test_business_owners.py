"""A business owner's own listings and their edits (SQLite and PostgreSQL, real gRPC over mutual TLS):
"Usaha saya" lists only the caller's; the owner (or a tourism officer of the region) edits, a newly cited
permit is checked against the account that listed the business, the same permit keeps its status."""

import grpc
from google.rpc import error_details_pb2
from gorontalo_tourism.service_layer import businesses
from gorontalo_tourism.service_layer.unit_of_work import TourismConsumerUnitOfWork
from grpc_status import rpc_status

from gorontalo.tourism.v1 import tourism_pb2 as pb

from .test_businesses import NUMBER, homestay
from .test_destinations_grpc import failure, field_reasons

OTHER_NUMBER = "7503/DPMPTSP/2026/000077"


def reason(error) -> str:
    for detail in rpc_status.from_call(error).details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.reason.lower()
    return ""


def edit_of(business: pb.Business, **fields) -> pb.UpdateBusinessRequest:
    """The whole form as the owner sends it back, with `fields` changed."""
    values = dict(
        id=business.id,
        name=business.name,
        kind=business.kind,
        region_code=business.region_code,
        latitude=business.latitude,
        longitude=business.longitude,
        description=business.description,
        contacts=business.contacts,
        permit_number=business.permit_number,
        address=business.address,
    )
    values.update(fields)
    return pb.UpdateBusinessRequest(**values)


def test_my_businesses_are_only_mine_whatever_their_permit(app, stub, as_, permits):
    permits.issue(NUMBER, "citizen-ayu")
    ayu, budi = as_("citizen", "citizen-ayu"), as_("citizen", "citizen-budi")
    licensed = stub.CreateBusiness(homestay(address="Jl. Olele No. 3"), metadata=ayu)
    claimed = stub.CreateBusiness(homestay(name="Homestay Budi"), metadata=budi)  # Ayu's permit: awaiting
    plain = stub.CreateBusiness(homestay(name="Warung Ayu", kind="restoran", permit_number=""), metadata=ayu)
    mine = stub.ListMyBusinesses(pb.ListMyBusinessesRequest(), metadata=ayu).businesses
    assert [(b.id, b.permit_status) for b in mine] == [(licensed.id, "licensed"), (plain.id, "none")]
    assert mine[0].address == "Jl. Olele No. 3"
    [budis] = stub.ListMyBusinesses(pb.ListMyBusinessesRequest(), metadata=budi).businesses
    assert (budis.id, budis.permit_status) == (claimed.id, "awaiting_confirmation")
    paged = stub.ListMyBusinesses(pb.ListMyBusinessesRequest(page_size=1), metadata=ayu)
    assert [b.id for b in paged.businesses] == [licensed.id] and paged.next_page_token
    # Visitors hold no businesses, and nobody lists them anonymously.
    refused = failure(stub.ListMyBusinesses, pb.ListMyBusinessesRequest(), metadata=as_("visitor", "v-1"))
    assert refused.code() == grpc.StatusCode.PERMISSION_DENIED
    assert failure(stub.ListMyBusinesses, pb.ListMyBusinessesRequest()).code() == grpc.StatusCode.UNAUTHENTICATED


def test_the_owner_edits_and_a_permit_cited_later_makes_it_berizin(app, stub, as_, permits):
    ayu = as_("citizen", "citizen-ayu")
    listed = stub.CreateBusiness(homestay(permit_number=""), metadata=ayu)
    assert listed.permit_status == "none"
    permits.issue(NUMBER, "citizen-ayu")
    edited = stub.UpdateBusiness(
        edit_of(listed, name="Homestay Olele Asri", address="Jl. Olele No. 5", permit_number=NUMBER), metadata=ayu
    )
    assert (edited.name, edited.address, edited.permit_status, edited.licensed) == (
        "Homestay Olele Asri",
        "Jl. Olele No. 5",
        "licensed",
        True,
    )
    assert permits.asked == [NUMBER]
    # The same permit sent back is not asked again; the contacts change only.
    again = stub.UpdateBusiness(edit_of(edited, contacts=pb.Contacts(email="tamu@olele.id")), metadata=ayu)
    assert (again.contacts.email, again.permit_status) == ("tamu@olele.id", "licensed") and permits.asked == [NUMBER]
    got = stub.GetBusiness(pb.GetBusinessRequest(id=listed.id))
    assert (got.name, got.address, got.contacts.email, got.licensed) == (
        "Homestay Olele Asri",
        "Jl. Olele No. 5",
        "tamu@olele.id",
        True,
    )
    # Dropping the permit takes the badge away.
    dropped = stub.UpdateBusiness(edit_of(got, permit_number=""), metadata=ayu)
    assert (dropped.permit_number, dropped.permit_status, dropped.licensed) == ("", "none", False)


def test_only_the_owner_or_an_officer_of_its_region_edits(app, stub, as_, permits):
    listed = stub.CreateBusiness(homestay(permit_number=""), metadata=as_("citizen", "citizen-ayu"))
    someone = failure(stub.UpdateBusiness, edit_of(listed, name="Punya Budi"), metadata=as_("citizen", "citizen-budi"))
    assert someone.code() == grpc.StatusCode.PERMISSION_DENIED and reason(someone) == "business_owner_only"
    visitor = failure(stub.UpdateBusiness, edit_of(listed, name="X"), metadata=as_("visitor", "v-1"))
    assert visitor.code() == grpc.StatusCode.PERMISSION_DENIED
    kota = failure(stub.UpdateBusiness, edit_of(listed, name="X"), metadata=as_("officer", "o-kota", ["75.71"]))
    assert kota.code() == grpc.StatusCode.PERMISSION_DENIED
    not_tourism = as_("officer", "o-pupr", ["75.03"], agency="pupr-7503")
    assert failure(stub.UpdateBusiness, edit_of(listed, name="X"), metadata=not_tourism).code() == (
        grpc.StatusCode.PERMISSION_DENIED
    )
    bone_bolango = as_("officer", "o-bb", ["75.03"])
    fixed = stub.UpdateBusiness(edit_of(listed, name="Homestay Olele (Bone Bolango)"), metadata=bone_bolango)
    assert fixed.name == "Homestay Olele (Bone Bolango)"
    # Not moved out of the officer's own jurisdiction.
    moved = failure(stub.UpdateBusiness, edit_of(fixed, region_code="75.71.01.1001"), metadata=bone_bolango)
    assert moved.code() == grpc.StatusCode.PERMISSION_DENIED
    assert stub.GetBusiness(pb.GetBusinessRequest(id=listed.id)).name == "Homestay Olele (Bone Bolango)"


def test_an_officer_citing_a_permit_does_not_make_it_the_officers(app, stub, as_, permits):
    """The permit's holder is compared with the account that listed the business, not the editor."""
    permits.issue(NUMBER, "citizen-ayu")
    permits.issue(OTHER_NUMBER, "citizen-budi")
    listed = stub.CreateBusiness(homestay(permit_number=""), metadata=as_("citizen", "citizen-ayu"))
    officer = as_("officer", "o-bb", ["75.03"])
    owners = stub.UpdateBusiness(edit_of(listed, permit_number=NUMBER), metadata=officer)
    assert owners.permit_status == "licensed"
    anothers = stub.UpdateBusiness(edit_of(owners, permit_number=OTHER_NUMBER), metadata=officer)
    assert (anothers.permit_status, anothers.licensed) == ("awaiting_confirmation", False)


def test_bad_edits_are_refused_whole_and_a_revoked_permit_stays_revoked(app, stub, as_, permits):
    ayu = as_("citizen", "citizen-ayu")
    permits.issue(NUMBER, "citizen-ayu")
    listed = stub.CreateBusiness(homestay(), metadata=ayu)
    bad = edit_of(listed, name="", kind="kasino", address="x" * 301, permit_number="123")
    assert field_reasons(failure(stub.UpdateBusiness, bad, metadata=ayu)) == {
        "name": "required",
        "kind": "not_one_of",
        "address": "too_long",
        "permit_number": "permit_number_invalid",
    }
    unknown = failure(stub.UpdateBusiness, edit_of(listed, permit_number=OTHER_NUMBER), metadata=ayu)
    assert field_reasons(unknown) == {"permit_number": "permit_not_found"}
    permits.down = True
    down = failure(stub.UpdateBusiness, edit_of(listed, permit_number=OTHER_NUMBER), metadata=ayu)
    assert down.code() == grpc.StatusCode.UNAVAILABLE
    assert stub.GetBusiness(pb.GetBusinessRequest(id=listed.id)).permit_number == NUMBER  # nothing written
    permits.down = False
    with app.session_factory() as session:  # the permit.revoked consumer's work (its event path: test_businesses)
        assert businesses.permit_revoked(TourismConsumerUnitOfWork(session), app.clock, NUMBER) == 1
        session.commit()
    renamed = stub.UpdateBusiness(edit_of(listed, name="Homestay Olele Baru"), metadata=ayu)
    assert (renamed.name, renamed.permit_status, renamed.licensed) == ("Homestay Olele Baru", "revoked", False)
    missing = failure(stub.UpdateBusiness, edit_of(listed, id="nope"), metadata=ayu)
    assert missing.code() == grpc.StatusCode.NOT_FOUND
