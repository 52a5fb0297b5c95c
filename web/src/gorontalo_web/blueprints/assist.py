"""/tanya: Tanya Layanan (issue 22), a resident's plain question answered from the platform's own sources.

The question is POSTed here and from here to the gateway (`POST /v1/assist/questions`), never put in an
address (residents type NIKs and phone numbers into it: addresses land in logs and histories), never
logged and never kept: the answer page is rendered at once (`no-store`, as every page). The answer quotes
each source with its link; "tidak tahu" comes with its ways forward (the complaint form, the office's
contact); a question about one's own case is pointed to /saya. A signed-in resident asks as themselves
(the platform's per-account limit), anyone else by address. A refused question (too many) is said kindly,
with the wait the platform gives.
"""

from __future__ import annotations

from flask import Blueprint, g, render_template, request

from .. import signin
from ..gateway import GatewayError
from ..texts import text
from .forms import form_errors

blueprint = Blueprint("assist", __name__)

MAX_QUESTION = 500
EXAMPLES = ("syarat izin usaha warung?", "berapa denda pajak motor telat 3 bulan?", "bagaimana lapor banjir lewat SMS?")
# A link is shown only when it is a page or an address a browser opens safely (never javascript:).
SAFE_LINK_PREFIXES = ("/", "https://", "http://", "mailto:", "tel:")


def safe_link(link: str) -> str:
    link = (link or "").strip()
    return link if link.startswith(SAFE_LINK_PREFIXES) and not link.startswith("//") else ""


def _ask(question: str) -> dict:
    body = {"question": question}
    if signin.resident_signed_in():
        try:
            return signin.api("POST", "/v1/assist/questions", json=body)
        except signin.NotSignedIn:
            pass  # the session ended: asked like anyone else
    return signin.gateway().request("POST", "/v1/assist/questions", json=body, lang=g.lang)


def _wait_words(retry_after: str | None) -> str:
    seconds = int(retry_after) if (retry_after or "").isdigit() else 0
    if seconds <= 0:
        return text("assist_too_many_later", g.lang)
    minutes = (seconds + 59) // 60
    if seconds < 60:
        return text("assist_too_many_seconds", g.lang).replace("{n}", str(seconds))
    return text("assist_too_many_minutes", g.lang).replace("{n}", str(minutes))


@blueprint.app_context_processor
def assist_words():
    return {"tanya_examples": EXAMPLES, "tanya_link": safe_link}


@blueprint.route("/tanya", methods=["GET", "POST"])
def ask():
    question, answer, errors, general, status, headers = "", None, {}, "", 200, {}
    if request.method == "POST":
        # An example button carries its question; the text box what the resident typed.
        question = " ".join((request.form.get("contoh") or request.form.get("question") or "").split())
        if not question:
            errors["question"] = text("assist_question_required", g.lang)
            status = 400
        elif len(question) > MAX_QUESTION:
            errors["question"] = text("assist_question_too_long", g.lang).replace("{n}", str(MAX_QUESTION))
            status = 400
        else:
            try:
                answer = _ask(question)
            except GatewayError as error:
                if error.status == 429:
                    general, status = _wait_words(error.retry_after), 429
                    if error.retry_after:
                        headers["Retry-After"] = error.retry_after
                elif error.unavailable or error.status >= 500:
                    general, status = text("assist_unavailable", g.lang), 503
                else:
                    errors, general = form_errors(error, ("question",), g.lang)
                    status = 400
    return (
        render_template(
            "tanya.html", question=question, answer=answer, errors=errors, general=general, limited=status == 429
        ),
        status,
        headers,
    )
