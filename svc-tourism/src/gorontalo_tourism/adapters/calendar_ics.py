"""The events calendar as iCalendar (RFC 5545), written by the maintained `icalendar` library.

Events are whole days in WITA: DTSTART/DTEND are DATE values (DTEND exclusive, the day after the last).
"""

from __future__ import annotations

import datetime as dt

import icalendar

from ..domain.model import Event
from .links import Links

MEDIA_TYPE = "text/calendar; charset=utf-8"
PRODUCT_ID = "-//Pemerintah Provinsi Gorontalo//GORINDO//ID"


def calendar(events: list[Event], links: Links, *, language: str, stamp: dt.datetime, places: dict) -> bytes:
    """`places`: destination id -> name, for LOCATION; `language`: id or en, the texts' language."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Kalender Wisata Gorontalo" if language == "id" else "Gorontalo tourism calendar")
    cal.add("x-wr-timezone", "Asia/Makassar")
    for item in events:
        entry = icalendar.Event()
        entry.add("uid", f"{item.id}@tourism.gorontaloprov.go.id")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", item.start_date)
        entry.add("dtend", item.end_date + dt.timedelta(days=1))
        entry.add("summary", item.name.get(language) or item.name.get("id") or item.name.get("en"))
        description = item.description.get(language) or item.description.get("id") or ""
        if description:
            entry.add("description", description)
        location = places.get(item.destination_id) or item.place_name
        if location:
            entry.add("location", location)
        if item.latitude or item.longitude:
            entry.add("geo", (item.latitude, item.longitude))
        entry.add("url", links.event_page(item.id))
        if item.updated_at:
            entry.add("last-modified", item.updated_at)
        cal.add_component(entry)
    return cal.to_ical()
