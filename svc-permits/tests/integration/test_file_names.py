"""Uploaded file names: a safe base name is kept, and a download names itself safely (RFC 6266).

`../../../../probe.png` was stored and handed back as sent: a client saving a download under the
name the platform gives it could be walked out of its folder, and a CR/LF or quote in the name
would break any header built from it.
"""

from __future__ import annotations

import urllib.parse

import pytest
from google.api import httpbody_pb2

from gorontalo.permits.v1 import permits_pb2
from gorontalo_permits.domain.documents import SAFE_NAME_MAX, content_disposition, download_name, safe_file_name
from gorontalo_permits.service_layer import documents

from .. import files
from .test_grpc import as_, stub  # noqa: F401 - fixtures


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("../../../../probe.png", "probe.png"),
        ("..\\..\\..\\Windows\\probe.png", "probe.png"),
        ("C:\\Users\\siti\\Dokumen\\npwp.pdf", "npwp.pdf"),
        ("/etc/passwd", "passwd"),
        ("..", ""),
        ("../", ""),
        ("...", ""),
        ("   ", ""),
        (".htaccess", "htaccess"),
        ("..\\.bashrc.png", "bashrc.png"),
        ("surat\x00izin\r\nSet-Cookie: x.pdf", "suratizinSet-Cookie_ x.pdf"),
        ("\u202egnp.exe", "gnp.exe"),  # a right-to-left override hides the real extension
        ('izin "usaha".pdf', "izin _usaha_.pdf"),
        ("Izin Ñandú 東京 ٢٠٢٦.pdf", "Izin Ñandú 東京 ٢٠٢٦.pdf"),  # letters and digits of any script stay
        ("Nan\u0303du.pdf", "Nañdu.pdf"),  # one spelling (NFC) of the same name
        ("  npwp.pdf  ", "npwp.pdf"),
    ],
)
def test_a_safe_base_name_is_kept(raw, expected):
    assert safe_file_name(raw) == expected


def test_a_long_name_is_bounded_and_keeps_its_extension():
    name = safe_file_name("dir/" + "surat-keterangan-domisili-usaha-" * 5 + ".pdf")
    assert len(name) <= SAFE_NAME_MAX and name.endswith(".pdf") and name.startswith("surat-keterangan")


def upload(app, principal, content, *, content_type="image/png", file_name=""):
    return documents.upload_document(
        app.uow(),
        app.clock,
        principal,
        catalog=app.catalog,
        storage=app.storage,
        inspect=app.inspect,
        document_type="NPWP",
        file_name=file_name,
        content_type=content_type,
        content=content,
    )


def test_an_upload_keeps_only_the_base_name(app, citizen):
    document = upload(app, citizen, files.png(), file_name="../../../../probe.png")
    assert document.file_name == "probe.png"
    with app.uow() as uow:
        assert uow.documents.get(document.id).file_name == "probe.png"


def test_a_name_with_nothing_left_falls_back_to_a_default(app, citizen):
    document = upload(app, citizen, files.pdf(), content_type="application/pdf", file_name="../..")
    assert document.file_name == "dokumen.pdf"
    unnamed = upload(app, citizen, files.pdf(), content_type="application/pdf")
    assert unnamed.file_name == "" and download_name(unnamed) == "dokumen.pdf"


def test_the_extension_check_reads_the_kept_name(app, citizen):
    from servicekit.errors import InvalidArgument

    with pytest.raises(InvalidArgument) as caught:
        upload(app, citizen, files.png(), file_name="../izin.pdf/\u202egnp.pdf")
    assert [(v.field, v.reason) for v in caught.value.violations] == [("file_name", "document_name_mismatch")]


@pytest.mark.parametrize(
    "name,fallback",
    [
        ("npwp.pdf", "npwp.pdf"),
        ("Izin Ñandú.pdf", "Izin Nandu.pdf"),
        ("東京.png", "dokumen.png"),
        ("100% izin; final.pdf", "100_ izin_ final.pdf"),
    ],
)
def test_content_disposition_follows_rfc_6266(name, fallback):
    header = content_disposition(name)
    assert header.isascii() and "\r" not in header and "\n" not in header
    assert header == f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(name, safe='')}"
    assert urllib.parse.unquote(header.split("filename*=UTF-8''", 1)[1]) == name


def test_the_download_carries_the_content_disposition(stub, as_):
    citizen = as_("citizen", "citizen-a")
    document = stub.UploadDocument(
        permits_pb2.UploadDocumentRequest(
            document_type="NPWP",
            file_name="..\\..\\NPWP Ñandú.pdf",
            file=httpbody_pb2.HttpBody(content_type="application/pdf", data=files.pdf()),
        ),
        metadata=citizen,
    )
    assert document.file_name == "NPWP Ñandú.pdf"
    body, call = stub.GetDocumentContent.with_call(
        permits_pb2.GetDocumentContentRequest(id=document.id), metadata=citizen
    )
    assert body.content_type == "application/pdf"
    assert (
        dict(call.initial_metadata())["content-disposition"]
        == "attachment; filename=\"NPWP Nandu.pdf\"; filename*=UTF-8''NPWP%20%C3%91and%C3%BA.pdf"
    )
