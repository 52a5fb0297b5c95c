"""The starting set in one click (SQLite and PostgreSQL, real gRPC over mutual TLS): the provincial tourism
office or an admin imports the shipped data/destinations.json; importing again changes nothing, and an
office's edits of an imported place are kept."""

import json

import grpc
import sqlalchemy as sa
from gorontalo_tourism.bootstrap import seed_path

from gorontalo.tourism.v1 import tourism_pb2 as pb
from servicekit.messaging import outbox

from .test_business_owners import reason
from .test_destinations_grpc import draft, failure, field_reasons

SEED = json.loads(seed_path().read_bytes())["destinations"]


def outbox_rows(app) -> int:
    with app.engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(outbox)).scalar()


def listed(stub) -> dict[str, pb.Destination]:
    found = stub.ListDestinations(pb.ListDestinationsRequest(page_size=100)).destinations
    return {d.key: d for d in found}


def test_the_provincial_office_imports_it_once_and_again_changes_nothing(app, stub, as_, clock):
    province = as_("officer", "o-dispar", ["75"], agency="dispar-75")
    first = stub.ImportStartingSet(pb.ImportStartingSetRequest(), metadata=province)
    assert (first.created, first.unchanged) == (len(SEED), 0)
    places = listed(stub)
    assert set(places) == {record["key"] for record in SEED}
    olele = places["taman-laut-olele"]
    assert olele.coordinates_approximate and olele.source and not olele.prices
    # The office fills in what it knows; the set imported again leaves it (and everything else) alone.
    edited = stub.UpdateDestination(
        pb.UpdateDestinationRequest(
            id=olele.id,
            destination=draft(
                name=olele.name,
                kind=olele.kind,
                region_code=olele.region_code,
                latitude=olele.latitude,
                longitude=olele.longitude,
                source=olele.source,
                prices=[pb.TicketPrice(label=pb.LocalizedText(id="Dewasa", en="Adult"), amount_idr=15000)],
            ),
        ),
        metadata=province,
    )
    events_before = outbox_rows(app)
    clock.advance(hours=1)  # a record written again would carry the new time
    again = stub.ImportStartingSet(pb.ImportStartingSetRequest(), metadata=province)
    assert (again.created, again.unchanged) == (0, len(SEED))
    after = listed(stub)
    assert {k: (d.id, d.updated_at.ToJsonString()) for k, d in after.items()} == {
        k: (d.id, d.updated_at.ToJsonString()) for k, d in {**places, olele.key: edited}.items()
    }
    assert after["taman-laut-olele"].prices[0].amount_idr == 15000
    assert outbox_rows(app) == events_before  # nothing announced: nothing changed


def test_an_admin_may_import_it_too(app, stub, as_):
    done = stub.ImportStartingSet(pb.ImportStartingSetRequest(), metadata=as_("admin", "admin-1"))
    assert done.created == len(SEED)
    assert stub.ImportStartingSet(pb.ImportStartingSetRequest(), metadata=as_("admin", "admin-1")).created == 0


def test_only_the_provincial_office_or_an_admin(app, stub, as_):
    for who in (
        as_("officer", "o-bb", ["75.03"], agency="dispar-7503"),  # a kabupaten office: part of the set only
        as_("officer", "o-pupr", ["75"], agency="pupr-75"),  # the province, but not tourism
        as_("citizen", "c-1"),
        as_("visitor", "v-1"),
    ):
        refused = failure(stub.ImportStartingSet, pb.ImportStartingSetRequest(), metadata=who)
        assert refused.code() == grpc.StatusCode.PERMISSION_DENIED
    kabupaten = failure(
        stub.ImportStartingSet, pb.ImportStartingSetRequest(), metadata=as_("officer", "o-bb", ["75.03"])
    )
    assert reason(kabupaten) == "starting_set_province_only"
    assert failure(stub.ImportStartingSet, pb.ImportStartingSetRequest()).code() == grpc.StatusCode.UNAUTHENTICATED
    assert listed(stub) == {}


def test_a_hand_made_duplicate_refuses_the_whole_set(app, stub, as_):
    province = as_("officer", "o-dispar", ["75"], agency="dispar-75")
    olele = next(r for r in SEED if r["key"] == "taman-laut-olele")
    made = stub.CreateDestination(
        pb.CreateDestinationRequest(
            destination=draft(name=olele["name"], latitude=olele["latitude"], longitude=olele["longitude"])
        ),
        metadata=province,
    )
    refused = failure(stub.ImportStartingSet, pb.ImportStartingSetRequest(), metadata=province)
    index = [r["key"] for r in SEED].index("taman-laut-olele")
    assert field_reasons(refused) == {f"destinations[{index}].name": "destination_possible_duplicate"}
    assert [d.id for d in listed(stub).values()] == [made.id]  # nothing of the set written
