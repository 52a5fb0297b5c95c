"""Use cases against an in-memory unit of work: rules of access, events, paging."""

import copy

import pytest

from gorontalo_permits.domain.model import ConcurrentUpdate
from gorontalo_permits.service_layer import applications, workflow
from gorontalo_permits.service_layer.access import LicensingOffices
from servicekit import event_messages, paging, regions
from servicekit.auth import Principal
from servicekit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied

from ..conftest import TEST_OWNERS, document_id, seeded_documents

NIB = "9120001234567"


class FakeRepository:
    def __init__(self):
        self.rows = {}

    def add(self, application):
        self.rows[application.id] = copy.deepcopy(application)

    def save(self, application):
        if self.rows[application.id].version != application.version:
            raise ConcurrentUpdate()
        application.version += 1
        self.rows[application.id] = copy.deepcopy(application)

    def get(self, application_id):
        return copy.deepcopy(self.rows.get(application_id))

    def list(self, *, offset, limit, applicant_id=None, jurisdiction=None, status=None, newest_first=False):
        rows = [
            a
            for a in self.rows.values()
            if (applicant_id is None or a.applicant_id == applicant_id)
            and (jurisdiction is None or regions.within(a.region_code, jurisdiction))
            and (status is None or a.status == status)
        ]
        rows.sort(key=lambda a: (a.submitted_at, a.id), reverse=newest_first)
        return copy.deepcopy(rows[offset : offset + limit])


class FakePermitRepository:
    def __init__(self):
        self.rows, self.counters = {}, {}

    def next_sequence(self, regency_code, year):
        self.counters[(regency_code, year)] = self.counters.get((regency_code, year), 0) + 1
        return self.counters[(regency_code, year)]

    def add(self, permit):
        self.rows[permit.permit_number] = copy.deepcopy(permit)

    def get(self, permit_number):
        return copy.deepcopy(self.rows.get(permit_number))

    def save_revocation(self, permit):
        if self.rows[permit.permit_number].status != "valid":
            return False
        self.rows[permit.permit_number] = copy.deepcopy(permit)
        return True


class FakeOwnerRepository:
    def __init__(self):
        self.nibs = {}

    def nib_of(self, owner_id):
        return self.nibs.get(owner_id)

    def owner_of(self, nib):
        return next((owner for owner, held in self.nibs.items() if held == nib), None)

    def register(self, owner_id, nib, at):
        if owner_id in self.nibs or self.owner_of(nib):
            return False
        self.nibs[owner_id] = nib
        return True


class FakeDocumentRepository:
    def __init__(self, documents):
        self.rows = {d.id: d for d in documents}

    def get_many(self, ids):
        return {i: self.rows[i] for i in ids if i in self.rows}


class FakeUnitOfWork:
    def __init__(self, documents=()):
        self.applications = FakeRepository()
        self.permits = FakePermitRepository()
        self.owners = FakeOwnerRepository()
        self.documents = FakeDocumentRepository(documents)
        self.events = []
        self._pending = []
        self.commits = 0

    def __enter__(self):
        self._pending = []
        return self

    def __exit__(self, *exc):
        self._pending = []

    def add_event(self, event, subject=None):
        """The message as the outbox keeps it (servicekit.uow does the same)."""
        self._pending.append(
            {"type": event_messages.event_type(event), "data": event_messages.to_data(event), "subject": subject}
        )

    def commit(self):
        self.events += self._pending
        self._pending = []
        self.commits += 1

    def rollback(self):
        self._pending = []


@pytest.fixture
def uow(catalog):
    return FakeUnitOfWork([d for owner in TEST_OWNERS for d in seeded_documents(catalog, owner)])


@pytest.fixture
def submit(uow, catalog, clock, citizen, submission):
    def do(principal=citizen, **overrides):
        return applications.submit_application(
            uow, catalog, clock, principal, **submission(owner=principal.subject, **overrides)
        )

    return do


def test_submit_stores_the_application_and_records_one_event(submit, uow, citizen):
    application = submit()
    assert uow.applications.rows[application.id].status == "submitted"
    assert application.applicant_id == citizen.subject
    assert uow.commits == 1
    assert uow.events == [
        {
            "type": "gorontalo.permits.application.submitted",
            "subject": application.id,
            "data": {
                "application_id": application.id,
                "applicant_id": "citizen-a",
                "kbli_code": "56101",
                "region_code": "75.71.01.1001",
                "regency_code": "75.71",
                "risk_level": "menengah_rendah",
                "kbli_title": "Restoran",
            },
        }
    ]


def test_a_low_risk_submission_records_submitted_status_change_and_permit(submit, uow):
    application = submit(kbli_code="56102", nib=NIB)
    assert application.status == "issued"
    assert [e["type"] for e in uow.events] == [
        "gorontalo.permits.application.submitted",
        "gorontalo.permits.application.status_changed",
        "gorontalo.permits.permit.issued",
    ]
    submitted, change, issued = (e["data"] for e in uow.events)
    assert (change["old_status"], change["new_status"], change["actor_role"]) == ("submitted", "issued", "system")
    assert issued["permit_number"] == application.permit_number and issued["application_id"] == application.id
    # What the applicant's inbox shows, from the events alone: whose, which activity, no fee billed.
    title = application.kbli_title
    assert title and title == submitted["kbli_title"] == change["kbli_title"] == issued["kbli_title"]
    assert (change["applicant_id"], change["fee_amount"], issued["applicant_id"]) == ("citizen-a", "0", "citizen-a")


def test_documents_must_be_the_applicants_own_and_cover_the_required_ones(submit, uow, catalog):
    required = catalog.get("56101").required_documents
    with pytest.raises(InvalidArgument) as caught:
        submit(document_ids=[document_id("citizen-a", required[0])])
    assert [(v.field, v.reason) for v in caught.value.violations] == [("document_ids", "documents_missing")]
    assert required[1] in caught.value.violations[0].params["missing"]
    theirs = [document_id("citizen-b", name) for name in required]
    with pytest.raises(InvalidArgument) as caught:
        submit(document_ids=theirs)
    assert {v.reason for v in caught.value.violations} == {"document_not_found", "documents_missing"}
    mine = [document_id("citizen-a", name) for name in required]
    with pytest.raises(InvalidArgument) as caught:
        submit(document_ids=[*mine, mine[0], "not-a-uuid"])
    assert [(v.field, v.reason) for v in caught.value.violations] == [
        (f"document_ids[{len(mine)}]", "document_duplicate"),
        (f"document_ids[{len(mine) + 1}]", "document_not_found"),
    ]
    assert uow.applications.rows == {} and uow.events == []
    application = submit(document_ids=mine)
    assert [d.document_type for d in application.documents] == list(required)


def test_only_citizens_submit_and_nothing_is_stored_when_invalid(submit, uow, kota_officer):
    with pytest.raises(PermissionDenied):
        submit(principal=kota_officer)
    with pytest.raises(InvalidArgument):
        submit(business_name="")
    assert uow.applications.rows == {} and uow.events == []


def test_the_applicant_reads_their_own_and_another_citizen_gets_not_found(submit, uow, citizen, other_citizen):
    application = submit()
    assert applications.get_application(uow, citizen, application.id).id == application.id
    with pytest.raises(NotFound):
        applications.get_application(uow, other_citizen, application.id)
    with pytest.raises(NotFound):
        applications.get_application(uow, citizen, "b7a9c0de-0000-4000-8000-000000000000")
    with pytest.raises(NotFound):
        applications.get_application(uow, citizen, "../../etc")
    with pytest.raises(InvalidArgument):
        applications.get_application(uow, citizen, " ")


def test_officers_read_within_their_jurisdiction_only(submit, uow, kota_officer, pohuwato_officer):
    application = submit()
    assert applications.get_application(uow, kota_officer, application.id).id == application.id
    with pytest.raises(PermissionDenied) as caught:
        applications.get_application(uow, pohuwato_officer, application.id)
    assert caught.value.reason == "outside_jurisdiction"


def test_only_licensing_office_officers_act_and_the_use_cases_decide_it(submit, uow, clock):
    """The agency rule lives in the use cases (access.py), not in the servicer: any caller of a use case
    gets it. An officer of another agency of the same regency is refused; the prefixes are configurable."""
    application = submit()
    public_works = Principal("officer-pupr", "officer", agency="dinas-pupr-7571", jurisdiction=("75.71",))
    refusals = [
        lambda **o: applications.get_application(uow, public_works, application.id, **o),
        lambda **o: applications.list_applications(uow, public_works, page_size=10, page_token="", **o),
        lambda **o: applications.start_review(uow, clock, public_works, application_id=application.id, **o),
        lambda **o: workflow.reject(uow, clock, public_works, application_id=application.id, note="Tidak lengkap", **o),
    ]
    for call in refusals:
        with pytest.raises(PermissionDenied) as caught:
            call()
        assert caught.value.reason == "not_licensing_office"
    assert uow.events[-1]["type"] == "gorontalo.permits.application.submitted"  # nothing else happened
    offices = LicensingOffices(("dinas-pupr-",))
    assert applications.get_application(uow, public_works, application.id, offices=offices).id == application.id


@pytest.mark.parametrize("role", ["admin", "operator"])
def test_province_staff_may_read(submit, uow, role):
    application = submit()
    assert applications.get_application(uow, Principal("staff", role), application.id).id == application.id


def test_start_review_checks_role_jurisdiction_and_status(submit, uow, clock, citizen, kota_officer, pohuwato_officer):
    application = submit()
    with pytest.raises(PermissionDenied):
        applications.start_review(uow, clock, citizen, application_id=application.id)
    with pytest.raises(PermissionDenied):
        applications.start_review(uow, clock, pohuwato_officer, application_id=application.id)
    clock.advance(hours=3)
    reviewed = applications.start_review(uow, clock, kota_officer, application_id=application.id, note=" Cek lokasi ")
    assert reviewed.status == "in_review"
    assert reviewed.timeline[-1].note == "Cek lokasi"
    assert reviewed.timeline[-1].at == clock.now
    assert uow.events[-1] == {
        "type": "gorontalo.permits.application.status_changed",
        "subject": application.id,
        "data": {
            "application_id": application.id,
            "old_status": "submitted",
            "new_status": "in_review",
            "actor_role": "officer",
            "actor_id": "officer-kota",
            "kbli_code": "56101",
            "region_code": "75.71.01.1001",
            "regency_code": "75.71",
            "bill_id": "",
            "applicant_id": "citizen-a",
            "kbli_title": "Restoran",
            "fee_amount": "0",
        },
    }
    with pytest.raises(FailedPrecondition) as caught:
        applications.start_review(uow, clock, kota_officer, application_id=application.id)
    assert caught.value.params == {"status": "in_review"}
    with pytest.raises(InvalidArgument):
        applications.start_review(uow, clock, kota_officer, application_id=application.id, note="x" * 1001)
    with pytest.raises(NotFound):
        applications.start_review(uow, clock, kota_officer, application_id="6f1c2a47-9c36-4c41-bb8a-7b3d7f9b2f10")


def test_an_issued_application_cannot_be_reviewed(submit, uow, clock, kota_officer):
    application = submit(kbli_code="47112", nib=NIB)
    with pytest.raises(FailedPrecondition) as caught:
        applications.start_review(uow, clock, kota_officer, application_id=application.id)
    assert caught.value.params == {"status": "issued"}


def test_lists_are_scoped_by_role_and_paged(submit, uow, clock, citizen, other_citizen, kota_officer, pohuwato_officer):
    mine = []
    for n in range(3):
        mine.append(submit(business_name=f"Usaha Kota {n}").id)
        clock.advance(minutes=1)
    theirs = submit(principal=other_citizen, region_code="75.04.04", latitude=0.47, longitude=121.94).id

    own, token = applications.list_applications(uow, citizen, page_size=0, page_token="")
    assert [a.id for a in own] == mine[::-1] and token == ""  # a citizen sees the newest first

    first, token = applications.list_applications(uow, kota_officer, page_size=2, page_token="")
    second, last = applications.list_applications(uow, kota_officer, page_size=2, page_token=token)
    assert [a.id for a in first + second] == mine  # the queue: oldest first
    assert token and last == ""

    queue, _ = applications.list_applications(uow, pohuwato_officer, page_size=10, page_token="")
    assert [a.id for a in queue] == [theirs]
    everything, _ = applications.list_applications(uow, Principal("op", "operator"), page_size=10, page_token="")
    assert len(everything) == 4


def test_list_filters_by_status_and_validates_input(submit, uow, citizen):
    submit()
    issued = submit(kbli_code="56103", nib=NIB)
    found, _ = applications.list_applications(uow, citizen, page_size=10, page_token="", status="issued")
    assert [a.id for a in found] == [issued.id]
    with pytest.raises(InvalidArgument) as caught:
        applications.list_applications(uow, citizen, page_size=10, page_token="", status="no_such_status")
    assert caught.value.violations[0].field == "status"
    with pytest.raises(InvalidArgument) as caught:
        applications.list_applications(uow, citizen, page_size=-1, page_token="")
    assert [(v.field, v.reason) for v in caught.value.violations] == [("page_size", "out_of_range")]
    with pytest.raises(InvalidArgument):
        applications.list_applications(uow, citizen, page_size=10, page_token="%%%")


def test_an_exact_last_page_has_no_token(submit, uow, citizen):
    submit()
    submit()
    page, token = applications.list_applications(uow, citizen, page_size=2, page_token="")
    assert len(page) == 2 and token == ""
    assert paging.next_token(0, 2, 2) != ""  # what servicekit alone would have answered
