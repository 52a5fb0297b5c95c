"""Uploaded documents: what is accepted, and whether an application's documents are complete. Plain Python.

What a file *is* comes from its content (an inspector adapter reads it), never from its name or
the Content-Type the client sent; those only have to agree with the content.
"""
from __future__ import annotations

import datetime as dt
import pathlib
from dataclasses import dataclass
from typing import Iterable

from servicekit.errors import Validator

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
# Media type -> file name extensions that may carry it.
MEDIA_TYPES = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
FILE_NAME_MAX = 200
# Declared types that say nothing about the content (a client that does not know).
UNSPECIFIED_TYPES = ("", "application/octet-stream")


@dataclass(frozen=True)
class Document:
    id: str
    owner_id: str
    document_type: str
    media_type: str
    size_bytes: int
    sha256: str
    uploaded_at: dt.datetime
    file_name: str = ""


def squash(text: str) -> str:
    return " ".join((text or "").split())


def document_types(required_lists: Iterable[Iterable[str]]) -> dict[str, str]:
    """Lower-cased name -> the catalog's spelling, over every permit type's required documents."""
    names: dict[str, str] = {}
    for required in required_lists:
        for name in required:
            names.setdefault(squash(name).casefold(), squash(name))
    return names


def media_type_of(declared: str) -> str:
    """'image/JPEG; charset=x' -> 'image/jpeg'."""
    return (declared or "").split(";", 1)[0].strip().lower()


def check_upload(v: Validator, *, known_types: dict[str, str], document_type: str, file_name: str,
                 declared_type: str, size: int, detected: str | None) -> str:
    """Adds every problem of an upload to `v`; returns the canonical document type ('' if invalid).

    `detected` is the media type the inspector found in the content (None: not a PDF, JPEG or PNG
    that parses)."""
    canonical = ""
    if v.require("document_type", squash(document_type)):
        canonical = known_types.get(squash(document_type).casefold(), "")
        if not canonical:
            v.add("document_type", "document_type_unknown")
    file_name = (file_name or "").strip()
    if len(file_name) > FILE_NAME_MAX:
        v.add("file_name", "too_long", max=FILE_NAME_MAX)
    if size == 0:
        v.add("file", "document_empty")
        return canonical
    if size > MAX_DOCUMENT_BYTES:
        v.add("file", "document_too_large", max_bytes=MAX_DOCUMENT_BYTES)
        return canonical
    declared = media_type_of(declared_type)
    if detected is None:
        v.add("file", "document_content_invalid")
    elif declared not in UNSPECIFIED_TYPES and declared != detected:
        v.add("file", "document_content_mismatch", declared=declared, detected=detected)
    elif file_name and pathlib.PurePath(file_name).suffix and \
            pathlib.PurePath(file_name).suffix.lower() not in MEDIA_TYPES[detected]:
        v.add("file_name", "document_name_mismatch", detected=detected)
    return canonical


def missing_documents(required: Iterable[str], provided_types: Iterable[str]) -> list[str]:
    """The required documents no provided document covers (compared without case or spacing)."""
    have = {squash(t).casefold() for t in provided_types}
    return [name for name in required if squash(name).casefold() not in have]
