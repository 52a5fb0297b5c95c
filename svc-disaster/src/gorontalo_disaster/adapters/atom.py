"""Atom feed (RFC 4287) of alerts and Cancels, each entry linking its CAP document by an absolute URL."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from lxml import etree

from ..domain.alert import Alert, cap_time

ATOM = "http://www.w3.org/2005/Atom"
CONTENT_TYPE = "application/atom+xml"
FEED_PATH = "/v1/disaster/alerts.atom"
# The CAP msgType of each entry (Alert, Update, Cancel), so a poller tells a Cancel without fetching the CAP.
MSG_TYPE_SCHEME = "urn:oasis:names:tc:emergency:cap:1.2:msgType"


def _sub(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", **attributes)
    if text is not None:
        element.text = text
    return element


def render(alerts: list[Alert], now: dt.datetime, *, base_url: str, region: str = "") -> bytes:
    """Links are absolute (base_url is the platform's PUBLIC_BASE_URL): feed readers resolve relative ones
    against wherever they fetched the feed, which behind a proxy is not where the CAP documents are."""
    base_url = base_url.rstrip("/")
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    _sub(feed, "id", "urn:gorontalo:siaga:alerts")
    _sub(feed, "title", "Siaga Gorontalo: peringatan aktif dan pembatalan")
    _sub(feed, "updated", cap_time(max([a.sent for a in alerts], default=now)))
    self_url = base_url + FEED_PATH + (f"?{urlencode({'region': region})}" if region else "")
    _sub(feed, "link", rel="self", href=self_url, type=CONTENT_TYPE)
    author = _sub(feed, "author")
    _sub(author, "name", "BPBD Provinsi Gorontalo")
    for alert in alerts:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:gorontalo:siaga:alert:{alert.id}")
        _sub(entry, "title", alert.headline.get("id") or alert.headline.get("en") or alert.identifier)
        _sub(entry, "updated", cap_time(alert.sent))
        _sub(entry, "link", rel="alternate", href=base_url + alert.cap_url, type="application/cap+xml")
        _sub(entry, "summary", alert.description.get("id") or alert.description.get("en") or "")
        _sub(entry, "category", term=alert.hazard)
        _sub(entry, "category", term=alert.msg_type, scheme=MSG_TYPE_SCHEME)
        entry_author = _sub(entry, "author")
        _sub(entry_author, "name", alert.sender)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
