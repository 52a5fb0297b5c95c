"""Uploads: content inspection (Pillow, pypdf), content-addressed storage, ownership and access."""

import hashlib

import pytest

from gorontalo_permits.adapters import file_inspection
from gorontalo_permits.adapters.document_storage import StoredFileMissing, document_storage, local_document_storage
from gorontalo_permits.domain.documents import MAX_DOCUMENT_BYTES
from gorontalo_permits.service_layer import applications, documents
from servicekit.auth import Principal
from servicekit.errors import InvalidArgument, NotFound, PermissionDenied

from .. import files


@pytest.mark.parametrize(
    "content,expected",
    [
        (files.png(), "image/png"),
        (files.jpeg(), "image/jpeg"),
        (files.pdf(), "application/pdf"),
        (files.EXE, None),
        (b"", None),
        (b"hello, world", None),
        (files.png()[:40], None),  # a truncated PNG: the magic is right, the parse fails
        (files.jpeg()[:-60], None),  # a truncated JPEG
        (b"%PDF-1.4\n%%EOF\n", None),  # a PDF header and trailer with nothing between
        (files.pdf().replace(b"%%EOF", b"%%EOX"), None),  # no end-of-file marker
        (b"\x89PNG\r\n\x1a\n" + files.EXE, None),  # an executable behind a PNG signature
    ],
)
def test_the_content_decides_what_a_file_is(content, expected):
    assert file_inspection.detect(content) == expected


def test_storage_is_content_addressed_atomic_and_checks_integrity(tmp_path):
    storage = local_document_storage(tmp_path / "docs")
    content = files.pdf()
    key = storage.put(content)
    assert key == hashlib.sha256(content).hexdigest()
    assert storage.put(content) == key and storage.get(key) == content
    assert [p.name for p in (tmp_path / "docs").rglob("*") if p.is_file()] == [key]  # no temporary files left
    (tmp_path / "docs" / key[:2] / key).write_bytes(b"tampered")
    with pytest.raises(StoredFileMissing):
        storage.get(key)
    with pytest.raises(StoredFileMissing):
        storage.get("0" * 64)
    with pytest.raises(ValueError):
        storage.get("../../etc/passwd")


def test_documents_live_in_the_database_and_files_from_before_stay_readable(tmp_path, database_url):
    from servicekit import blobs, db

    engine = db.make_engine(database_url)
    blobs.blobs.metadata.create_all(engine)
    try:
        legacy = local_document_storage(tmp_path / "docs")
        picture, pdf = files.png(), files.pdf()
        old = legacy.put(picture)  # uploaded when documents were files on one machine
        storage = document_storage(engine, tmp_path / "docs")
        new = storage.put(pdf)
        assert not (tmp_path / "docs" / new[:2] / new).exists()  # the new one is in the database only
        # another replica: its own engine, the same database, no access to this machine's files
        other_engine = db.make_engine(database_url)
        try:
            assert document_storage(other_engine, tmp_path / "elsewhere").get(new) == pdf
        finally:
            other_engine.dispose()
        assert storage.get(old) == picture
        assert storage.put(pdf) == new  # the same content again: the same key, stored once
        with pytest.raises(StoredFileMissing):
            storage.get("0" * 64)
    finally:
        engine.dispose()


def upload(app, principal, content, *, document_type="NPWP", content_type="image/png", file_name=""):
    return documents.upload_document(
        app.uow(),
        app.clock,
        principal,
        catalog=app.catalog,
        storage=app.storage,
        inspect=app.inspect,
        document_type=document_type,
        file_name=file_name,
        content_type=content_type,
        content=content,
    )


def violations(error):
    return [(v.field, v.reason) for v in error.value.violations]


def test_an_upload_is_stored_and_only_its_owner_and_the_right_office_read_it(
    app, catalog, clock, citizen, other_citizen, kota_officer, pohuwato_officer, submission
):
    content = files.jpeg()
    document = upload(app, citizen, content, document_type="  npwp ", content_type="image/jpeg", file_name="npwp.JPG")
    assert (document.document_type, document.media_type, document.size_bytes, document.owner_id) == (
        "NPWP",
        "image/jpeg",
        len(content),
        citizen.subject,
    )
    assert documents.document_content(app.uow(), app.storage, citizen, document.id) == (document, content)
    with pytest.raises(NotFound):
        documents.document_content(app.uow(), app.storage, other_citizen, document.id)
    with pytest.raises(PermissionDenied):  # no application of Kota Gorontalo refers to it yet
        documents.document_content(app.uow(), app.storage, kota_officer, document.id)
    required = catalog.get("56101").required_documents
    ids = submission()["document_ids"]
    ids[required.index("NPWP")] = document.id
    applications.submit_application(app.uow(), catalog, clock, citizen, **submission(document_ids=ids))
    assert documents.document_content(app.uow(), app.storage, kota_officer, document.id)[1] == content
    with pytest.raises(PermissionDenied):
        documents.document_content(app.uow(), app.storage, pohuwato_officer, document.id)
    assert documents.document_content(app.uow(), app.storage, Principal("op", "operator"), document.id)[1] == content
    with pytest.raises(NotFound):
        documents.document_content(app.uow(), app.storage, citizen, "not-an-id")


@pytest.mark.parametrize(
    "content,content_type,file_name,expected",
    [
        (files.png(), "application/pdf", "", [("file", "document_content_mismatch")]),  # a PNG sent as PDF
        (files.png(), "", "izin.pdf", [("file_name", "document_name_mismatch")]),  # a PNG named .pdf
        (files.EXE, "image/jpeg", "foto.jpg", [("file", "document_content_invalid")]),  # an EXE sent as JPEG
        (b"", "application/pdf", "", [("file", "document_empty")]),
        (b"%PDF-" + b"0" * MAX_DOCUMENT_BYTES, "application/pdf", "", [("file", "document_too_large")]),
    ],
)
def test_a_file_that_lies_about_itself_is_refused_and_nothing_is_stored(
    app, citizen, content, content_type, file_name, expected
):
    with pytest.raises(InvalidArgument) as caught:
        upload(app, citizen, content, content_type=content_type, file_name=file_name)
    assert violations(caught) == expected
    assert not (app.settings.var_dir / "permits" / "documents").exists()


def test_the_document_type_must_be_one_the_catalog_requires(app, citizen, kota_officer):
    with pytest.raises(InvalidArgument) as caught:
        upload(app, citizen, files.png(), document_type="Foto selfie")
    assert violations(caught) == [("document_type", "document_type_unknown")]
    with pytest.raises(PermissionDenied):
        upload(app, kota_officer, files.png())
    assert (
        upload(app, citizen, files.pdf(), content_type="application/pdf; charset=binary").media_type
        == "application/pdf"
    )
