"""Uploaded documents: what is accepted, and whether an application's documents are complete. Plain Python.

What a file *is* comes from its content (an inspector adapter reads it), never from its name or
the Content-Type the client sent; those only have to agree with the content.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

from servicekit.errors import Validator

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
# Media type -> file name extensions that may carry it.
MEDIA_TYPES = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
FILE_NAME_MAX = 200  # the name as sent; longer is refused
SAFE_NAME_MAX = 100  # the name as kept; longer is shortened, its extension kept
DEFAULT_NAME = "dokumen"  # when a name has nothing safe left (or none was given), for downloads
# Unicode categories dropped from names: controls (CR/LF, NUL), format characters (a right-to-left
# override that shows 'gnp.exe' as 'exe.png'), surrogates, private use, unassigned, line separators.
_DROPPED_CATEGORIES = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
# Characters Windows refuses in names, and quote/backslash that break a quoted header value.
_RESERVED = re.compile(r'[<>:"|?*\\]')
_NOT_PLAIN_ASCII = re.compile(r"[^A-Za-z0-9 ._()+,-]")
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


@dataclass(frozen=True)
class AttachedDocument:
    """A document an application refers to (the file itself lives in document storage)."""

    document_id: str
    document_type: str
    media_type: str = ""
    size_bytes: int = 0


def squash(text: str) -> str:
    return " ".join((text or "").split())


def safe_file_name(raw: str) -> str:
    """The base name of an uploaded file, safe to store, show and save under; '' when nothing is left.

    Only the part after the last '/' or '\\' is kept (a client may send a whole path, from any OS),
    without control or format characters and without leading dots (no hidden files, no '..'). Letters
    and digits of every script stay, in one spelling (NFC). At most SAFE_NAME_MAX characters.
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    name = " ".join(_RESERVED.sub("_", name).split())
    # Leading dots hide a file or climb a folder; trailing dots and spaces are dropped by Windows.
    name = name.lstrip(". ").rstrip(". ")
    if len(name) > SAFE_NAME_MAX:
        suffix = pathlib.PurePath(name).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        name = name[: SAFE_NAME_MAX - len(suffix)].rstrip(". ") + suffix
    return name


def default_name(media_type: str) -> str:
    return DEFAULT_NAME + MEDIA_TYPES.get(media_type, ("",))[0]


def download_name(document: Document) -> str:
    """The name a download is saved under: the kept name, else the default for its media type."""
    return document.file_name or default_name(document.media_type)


def content_disposition(file_name: str) -> str:
    """An RFC 6266 attachment header: an ASCII fallback for old clients, the exact name as RFC 8187
    UTF-8 for the rest. `file_name` is already safe (safe_file_name): no quotes, no CR/LF."""
    path = pathlib.PurePath(file_name)
    stem, suffix = (path.stem, path.suffix) if path.suffix.isascii() else (file_name, "")

    def ascii_of(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        return _NOT_PLAIN_ASCII.sub("_", plain).strip(" .")

    extension = ascii_of(suffix.lstrip("."))
    fallback = (ascii_of(stem) or DEFAULT_NAME) + ("." + extension if extension else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(file_name, safe='')}"


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


def check_upload(
    v: Validator,
    *,
    known_types: dict[str, str],
    document_type: str,
    file_name: str,
    declared_type: str,
    size: int,
    detected: str | None,
) -> str:
    """Adds every problem of an upload to `v`; returns the canonical document type ('' if invalid).

    `detected` is the media type the inspector found in the content (None: not a PDF, JPEG or PNG
    that parses)."""
    canonical = ""
    if v.require("document_type", squash(document_type)):
        canonical = known_types.get(squash(document_type).casefold(), "")
        if not canonical:
            v.add("document_type", "document_type_unknown")
    if len((file_name or "").strip()) > FILE_NAME_MAX:
        v.add("file_name", "too_long", max=FILE_NAME_MAX)
    file_name = safe_file_name(file_name)  # the extension that counts is the one of the name kept
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
    elif (
        file_name
        and pathlib.PurePath(file_name).suffix
        and pathlib.PurePath(file_name).suffix.lower() not in MEDIA_TYPES[detected]
    ):
        v.add("file_name", "document_name_mismatch", detected=detected)
    return canonical


def missing_documents(required: Iterable[str], provided_types: Iterable[str]) -> list[str]:
    """The required documents no provided document covers (compared without case or spacing)."""
    have = {squash(t).casefold() for t in provided_types}
    return [name for name in required if squash(name).casefold() not in have]
