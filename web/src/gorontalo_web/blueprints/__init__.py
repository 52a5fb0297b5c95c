"""The pages, one blueprint per concern; create_app() registers them in this order."""

from .. import staff
from ..staff import pages as staff_pages
from . import (
    assist,
    auth,
    complaints,
    disaster,
    home,
    identity,
    me,
    permits,
    phone,
    pwa,
    signup,
    sipakai,
    tax,
    tourism,
    tourism_business,
    tourism_places,
    tourism_reviews,
    verify,
    visitor,
)

ALL = (
    home,
    signup,
    auth,
    phone,
    me,
    identity,
    permits,
    tax,
    complaints,
    disaster,
    sipakai,
    verify,
    tourism,
    tourism_places,
    tourism_business,
    tourism_reviews,
    visitor,
    assist,
    pwa,
    staff,
    *staff_pages.modules(),
)
