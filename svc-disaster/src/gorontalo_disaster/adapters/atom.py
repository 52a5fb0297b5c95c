"""Atom feed (RFC 4287) of alerts, each entry linking its CAP document."""
from __future__ import annotations

import datetime as dt

from lxml import etree

from ..domain.alert import Alert, cap_time

ATOM = "http://www.w3.org/2005/Atom"
CONTENT_TYPE = "application/atom+xml"


def _sub(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", **attributes)
    if text is not None:
        element.text = text
    return element


def render(alerts: list[Alert], now: dt.datetime, self_url: str = "/v1/disaster/alerts.atom") -> bytes:
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    _sub(feed, "id", "urn:gorontalo:siaga:alerts")
    _sub(feed, "title", "Siaga Gorontalo: peringatan aktif")
    _sub(feed, "updated", cap_time(max([a.sent for a in alerts], default=now)))
    _sub(feed, "link", rel="self", href=self_url, type=CONTENT_TYPE)
    author = _sub(feed, "author")
    _sub(author, "name", "BPBD Provinsi Gorontalo")
    for alert in alerts:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:gorontalo:siaga:alert:{alert.id}")
        _sub(entry, "title", alert.headline.get("id") or alert.headline.get("en") or alert.identifier)
        _sub(entry, "updated", cap_time(alert.sent))
        _sub(entry, "link", rel="alternate", href=alert.cap_url, type="application/cap+xml")
        _sub(entry, "summary", alert.description.get("id") or alert.description.get("en") or "")
        _sub(entry, "category", term=alert.hazard)
        entry_author = _sub(entry, "author")
        _sub(entry_author, "name", alert.sender)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
