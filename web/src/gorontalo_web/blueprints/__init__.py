"""The pages, one blueprint per concern; create_app() registers them in this order."""

from .. import staff
from . import (
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
    verify,
)

ALL = (home, signup, auth, phone, me, identity, permits, tax, complaints, disaster, sipakai, verify, pwa, staff)
