"""The pages, one blueprint per concern; create_app() registers them in this order."""

from . import (
    auth,
    complaints,
    disaster,
    home,
    identity,
    me,
    permits,
    pwa,
    signup,
    sipakai,
    tax,
    verify,
)

ALL = (home, signup, auth, me, identity, permits, tax, complaints, disaster, sipakai, verify, pwa)
