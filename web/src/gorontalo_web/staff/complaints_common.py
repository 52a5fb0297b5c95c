"""What the dispatch pages and the agency inbox of /petugas/pengaduan share: the calls, the deadlines,
the page frame and the confirmed rejection."""

from __future__ import annotations

import datetime as dt

from flask import g, redirect, render_template, request, session, url_for

from ..blueprints.forms import answer_status, form_errors
from ..gateway import GatewayError
from ..signin import api
from ..texts import text
from . import session as staff_session

CATEGORIES = (
    "jalan_rusak",
    "lampu_jalan",
    "air_bersih",
    "sampah",
    "fasilitas_kesehatan",
    "pendidikan",
    "pungli",
    "banjir",
    "tanah_longsor",
    "adminduk",
    "angkutan_umum",
    "lainnya",
)
STATUSES = ("received", "verified", "dispositioned", "in_progress", "resolved", "closed", "rejected", "reopened")
UPDATE_KINDS = ("update", "internal", "question")
NOTICE = "staff_complaints_notice"
PAGE_SIZE = 50
# How many pages of a queue a complaint's page looks through to find it (100 a page).
LOOKUP_PAGES = 5
QUEUE, INBOX = "dispatch", "agency"
QUEUE_PATHS = {QUEUE: "/v1/complaints/dispatch/queue", INBOX: "/v1/complaints/agency/inbox"}
STAFF = staff_session.staff_required("officer", "admin")


def notice(key: str, **values) -> None:
    message = text(key, g.lang)
    for name, value in values.items():
        message = message.replace("{" + name + "}", str(value))
    session[NOTICE] = message


def category_name(category: str) -> str:
    return text(f"complaints_category_{category}", g.lang) if category else ""


def instant(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        instant = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


def deadline_of(complaint: dict, which: str) -> dict:
    """{"due": RFC 3339 or "", "late": bool, "met": bool} of the `disposition` or `first_response` deadline."""
    due = complaint.get(f"{which}_due_at") or ""
    due_at = instant(due)
    done = instant(complaint.get("dispositioned_at" if which == "disposition" else "first_response_at"))
    if which in (complaint.get("breached_deadlines") or []):
        late = True
    elif due_at is None:
        late = False
    elif done is not None:
        late = done > due_at
    else:
        late = complaint.get("status") not in ("rejected", "closed") and dt.datetime.now(dt.UTC) > due_at
    return {"due": due, "late": late, "met": done is not None and not late}


def who() -> dict:
    return staff_session.staff() or {}


def render_page(template: str, status: int = 200, **context):
    context.setdefault("errors", {})
    context.setdefault("general", "")
    return (
        render_template(
            template,
            who=who(),
            notice=session.pop(NOTICE, None),
            categories=CATEGORIES,
            statuses=STATUSES,
            deadline_of=deadline_of,
            category_name=category_name,
            **context,
        ),
        status,
    )


def find_complaint(queue: str, code: str) -> dict | None:
    """The complaint (staff view) in the caller's queue or inbox, or None."""
    token = None
    for _ in range(LOOKUP_PAGES):
        params = {"page_size": 100} | ({"page_token": token} if token else {})
        answer = api("GET", QUEUE_PATHS[queue], params=params)
        for complaint in answer.get("complaints") or []:
            if complaint.get("tracking_code") == code:
                return complaint
        token = answer.get("next_page_token")
        if not token:
            return None
    return None


def photos_of(code: str) -> list[dict]:
    """The photos the caller may see (a look-up by tracking code lists them; queue entries do not)."""
    try:
        return list(api("GET", f"/v1/complaints/{code}").get("photos") or [])
    except GatewayError:
        return []


def unavailable(error: GatewayError):
    return render_page("staff/pengaduan_error.html", answer_status(error), general=form_errors(error, (), g.lang)[1])


def confirmed() -> bool:
    """The ticked box an irreversible action needs (checked here, so it holds without JavaScript)."""
    return request.form.get("confirm") == "yes"


def reject_with_reason(code: str, again, done_endpoint: str):
    """Reject a complaint with the reason typed: back to `again(code, ...)` with the errors, else to the list."""
    reason = request.form.get("reason", "").strip()
    if not confirmed():
        errors = {"confirm_reject": text("staff_complaints_confirm_required", g.lang)}
        return again(code, errors=errors, values={"reason": reason}, status=400)
    try:
        api("POST", f"/v1/complaints/{code}:reject", json={"reason": reason})
    except GatewayError as error:
        errors, general = form_errors(error, ("reason",), g.lang)
        return again(code, errors=errors, general=general, values={"reason": reason}, status=answer_status(error))
    notice("staff_complaints_rejected", code=code)
    return redirect(url_for(done_endpoint), code=303)
