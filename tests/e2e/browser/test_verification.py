"""/verifikasi in a phone-sized chromium against the real stack: a digital ID's QR code opens the page in a
logged-out phone and shows it valid, online and (with the web app's check and keys cut off) offline with
the cached public keys; a permit certificate's QR code and a receipt's QR photo; a permit number and a
receipt number typed in; a forged credential refused online and offline; the form with JavaScript off.
Screenshots and axe-core on every page shown."""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import shutil
import uuid

import pytest
import requests
from PIL import Image
from pypdf import PdfReader

from tests.e2e.browser.conftest import PHONE, axe_violations
from tests.e2e.conftest import check_in_person, login, sign_up, unique
from tests.e2e.test_permits_flow import _permit_types, _submit, random_nib
from tests.e2e.test_tax_payments import _bank, _blank_pdf

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SCANNER_BUDGET = 120 * 1024  # issue 15: the QR scanner, loaded only when used, compressed
FIRST_LOAD_BUDGET = 60 * 1024


def read_qr(image: Image.Image) -> str:
    import zxingcpp

    [code] = zxingcpp.read_barcodes(image)
    return code.text


def pdf_qr_image(pdf: bytes) -> Image.Image:
    [image] = PdfReader(io.BytesIO(pdf)).pages[0].images
    return image.image


def forge(token: str) -> str:
    """The same credential with another name in it: well-formed, signed by nobody."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["name"] = "PENIPU " + claims["name"]
    forged = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


@pytest.fixture(scope="module")
def documents(stack, http, residents):
    """Through the API: a resident at level 2 with a digital ID, a low-risk permit issued at once, and a
    permit fee paid through the bank simulator (its receipt)."""
    resident = check_in_person(stack, http, sign_up(stack, http, residents.take("75.71")))
    credential = http.post(stack.url + "/v1/me/credentials", headers=resident["headers"], json={})
    assert credential.status_code == 200, credential.text
    credential = credential.json()
    qr = http.get(stack.url + f"/v1/me/credentials/{credential['id']}/qr", headers=resident["headers"])
    assert qr.status_code == 200 and qr.headers["Content-Type"] == "image/png", qr.text
    credential_url = read_qr(Image.open(io.BytesIO(qr.content)))
    qr_png = qr.content

    types = _permit_types(stack, http)
    low = next(t for t in types if t["risk_level"] == "rendah")
    business = unique("Warung Verifikasi")
    permit = _submit(stack, http, resident, low["kbli_code"], business, nib=random_nib())
    assert permit["status"] == "issued", permit
    number = permit["permit_number"]
    certificate = http.get(
        stack.url + f"/v1/permits/permits/{number.replace('/', '-')}/certificate", headers=resident["headers"]
    )
    assert certificate.status_code == 200, certificate.text
    certificate_url = read_qr(pdf_qr_image(certificate.content))

    # the cheapest receipt: a permit fee (a higher-risk permit approved by the Kota officer), paid by the bank
    paying = next(t for t in types if t["risk_level"] != "rendah" and int(t.get("fee_rupiah", 0)) > 0)
    ids = []
    for document_type in paying.get("required_documents", []):
        uploaded = http.post(
            stack.url + "/v1/permits/documents",
            headers={**resident["headers"], "Content-Type": "application/pdf"},
            params={"document_type": document_type, "file_name": "dokumen.pdf"},
            data=_blank_pdf(),
        )
        assert uploaded.status_code == 200, uploaded.text
        ids.append(uploaded.json()["id"])
    submitted = _submit(stack, http, resident, paying["kbli_code"], unique("Toko Verifikasi"), document_ids=ids)
    base = stack.url + f"/v1/permits/applications/{submitted['id']}"
    kota = login(stack, http, "petugas.kota", stack.demo_credentials()["petugas.kota"])
    assert http.post(base + ":review", headers=kota, json={"note": "verifikasi"}).status_code == 200
    approved = http.post(base + ":approve", headers=kota, json={"note": "memenuhi syarat"})
    assert approved.status_code == 200, approved.text
    bill_id = approved.json()["bill_id"]
    checkout = http.post(stack.url + f"/v1/tax/bills/{bill_id}:checkout", headers=resident["headers"], json={})
    assert checkout.status_code == 200, checkout.text
    status, [paid] = _bank(stack, checkout.json()["billing_code"], int(checkout.json()["amount"]))
    assert status == 0 and paid["response"]["status"] == "recorded", paid
    receipt_number = paid["response"]["receipt_number"]
    receipt_pdf = http.get(stack.url + f"/v1/tax/receipts/{receipt_number}/pdf", headers=resident["headers"])
    assert receipt_pdf.status_code == 200, receipt_pdf.text
    return {
        "resident": resident,
        "credential": credential,
        "credential_url": credential_url,
        "qr_png": qr_png,
        "permit_number": number,
        "business": business,
        "certificate_url": certificate_url,
        "receipt_number": receipt_number,
        "amount": int(checkout.json()["amount"]),
        "receipt_qr": pdf_qr_image(receipt_pdf.content),
    }


class Pages:
    """Screenshots and axe on each state of the page shown; the violations collected by name."""

    def __init__(self, screenshot):
        self.screenshot = screenshot
        self.problems: dict[str, list] = {}

    def check(self, page, name: str, *, axe: bool = True) -> None:
        assert page.locator("html").get_attribute("lang") == "id", name
        assert page.locator("h1").count() == 1, name
        self.screenshot(page, name)
        if axe:
            self.problems[name] = axe_violations(page)

    def assert_accessible(self) -> None:
        assert not any(self.problems.values()), {n: found for n, found in self.problems.items() if found}


@pytest.fixture
def pages(screenshot):
    return Pages(screenshot)


def verdict(page) -> tuple[str, str]:
    """(the verdict heading, how it was checked: online or offline) once the result is shown."""
    heading = page.locator("#verify-result .verify-verdict")
    heading.wait_for()
    method = page.locator("#verify-result [data-method]")
    return heading.inner_text().strip(), (method.first.get_attribute("data-method") if method.count() else "")


def facts(page) -> str:
    return page.locator("#verify-result").inner_text()


def cut_the_network(context) -> list[str]:
    """Everything the page would ask the web app (and through it the gateway) to check or fetch keys
    with fails, as with no signal; the page itself still opens (a phone's cache would serve it)."""
    refused: list[str] = []

    def abort(route):
        refused.append(route.request.url)
        route.abort("internetdisconnected")

    context.route(re.compile(r".*/verifikasi/(periksa|kunci\.json).*"), abort)
    return refused


def test_a_digital_id_qr_opens_the_verifier_and_checks_online_then_offline(
    phone, stack, documents, web_url, pages, report_figure
):
    url = documents["credential_url"]
    token = documents["credential"]["token"]
    # the new QR code: the web app's verifier with the signed token in the fragment
    assert url == f"{web_url}/verifikasi#{token}", url

    phone.goto(url)  # a logged-out phone: any camera app opens this link
    assert verdict(phone) == ("SAH", "online")
    shown = facts(phone)
    resident = documents["resident"]
    assert resident["resident"]["full_name"].upper() in shown.upper()
    assert documents["credential"]["id"] in shown and "Kota Gorontalo" in shown
    assert resident["nik"] not in shown  # only the masked NIK
    assert "#" not in phone.url  # the token leaves the address bar (shared phones)
    assert not phone.locator("#verify-nojs").is_visible()  # the paste-the-address advice is for JavaScript off
    pages.check(phone, "ikd-daring")
    # the token went to the web app in a POST body only: no server's log (web, gateway, services) holds it
    for log in stack.logs.glob("*.log"):
        assert token not in log.read_text(encoding="utf-8", errors="replace"), log.name
    entries = phone.evaluate(
        "() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
        ".map(e => ({name: e.name, transferSize: e.transferSize}))"
    )
    first_load = sum(e["transferSize"] for e in entries if not e["name"].endswith(("/periksa", "/kunci.json")))
    report_figure(f"first load of /verifikasi : {first_load / 1024:.1f} KB")
    assert first_load < FIRST_LOAD_BUDGET, entries
    assert not any("jsqr" in e["name"] for e in entries), "the scanner loaded without being used"

    # no network now: the same QR code checks on the phone with the keys cached at the first visit
    refused = cut_the_network(phone.context)
    phone.goto("about:blank")
    phone.goto(url)
    assert verdict(phone) == ("SAH", "offline")
    assert resident["resident"]["full_name"].upper() in facts(phone).upper()
    assert any(r.endswith("/verifikasi/periksa") for r in refused), refused
    pages.check(phone, "ikd-luring")

    # a forged credential (another name, the old signature) fails offline ...
    phone.goto("about:blank")
    phone.goto(f"{web_url}/verifikasi#{forge(token)}")
    assert verdict(phone) == ("TIDAK SAH", "offline")
    assert "PENIPU" not in facts(phone)
    pages.check(phone, "palsu-luring")

    # ... and online, pasted into the box
    phone.context.unroute_all()
    phone.goto("/verifikasi")
    pages.check(phone, "kosong")
    phone.locator("#kode").fill(forge(token))
    phone.get_by_role("button", name="Periksa", exact=True).click()
    assert verdict(phone) == ("TIDAK SAH", "online")
    assert "PENIPU" not in facts(phone)
    pages.check(phone, "palsu-daring")
    # an old QR code, the bare token, still verifies
    phone.locator("#kode").fill(token)
    phone.get_by_role("button", name="Periksa", exact=True).click()
    phone.locator("#verify-result .verify-valid").wait_for()
    assert verdict(phone) == ("SAH", "online")
    pages.assert_accessible()


def test_permit_and_receipt_numbers_typed_in_and_their_qr_codes(phone, documents, web_url, pages):
    phone.goto("/verifikasi")
    phone.locator("#kode").fill(documents["permit_number"])  # as printed, with slashes
    phone.get_by_role("button", name="Periksa", exact=True).click()
    assert verdict(phone) == ("SAH", "online")
    assert documents["business"] in facts(phone) and "Kota Gorontalo" in facts(phone)
    pages.check(phone, "izin")

    phone.locator("#kode").fill(documents["receipt_number"])
    phone.get_by_role("button", name="Periksa", exact=True).click()
    phone.locator("#verify-result .verify-kind", has_text="Bukti bayar").wait_for()
    assert verdict(phone) == ("SAH", "online")
    amount = "Rp " + f"{documents['amount']:,}".replace(",", ".")
    assert amount in facts(phone)
    pages.check(phone, "bukti-bayar")

    phone.locator("#kode").fill("7571-DPMPTSP-2026-999999")
    phone.get_by_role("button", name="Periksa", exact=True).click()
    phone.locator("#verify-result .verify-verdict", has_text="TIDAK DITEMUKAN").wait_for()
    pages.check(phone, "tidak-ditemukan")

    # the certificate's QR opens the verifier with the signed permit token
    certificate_url = documents["certificate_url"]
    assert certificate_url.startswith(f"{web_url}/verifikasi#"), certificate_url
    phone.goto("about:blank")
    phone.goto(certificate_url)
    phone.locator("#verify-result .verify-kind", has_text="Izin usaha").wait_for()
    assert verdict(phone) == ("SAH", "online")
    assert documents["business"] in facts(phone) and "ditandatangani" in facts(phone)

    # the receipt's QR from a photo: the decoder is fetched only now, and stays within its budget
    photo = io.BytesIO()
    documents["receipt_qr"].convert("RGB").resize((400, 400), Image.NEAREST).save(photo, format="PNG")
    phone.locator("#verify-photo").set_input_files(
        files=[{"name": "kwitansi.png", "mimeType": "image/png", "buffer": photo.getvalue()}]
    )
    phone.locator("#verify-result .verify-kind", has_text="Bukti bayar").wait_for()
    assert verdict(phone) == ("SAH", "online")
    assert documents["receipt_number"] in facts(phone)
    assert phone.locator("#kode").input_value().startswith(f"{web_url}/verifikasi#")
    pages.check(phone, "foto-bukti-bayar")
    scripts = phone.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    [scanner] = [name for name in scripts if "/jsqr." in name]
    body = requests.get(scanner, timeout=10).content
    assert len(gzip.compress(body)) < SCANNER_BUDGET
    pages.assert_accessible()


def test_javascript_off_paste_and_post(phone_without_javascript, documents, web_url, screenshot):
    page = phone_without_javascript
    page.goto(documents["credential_url"])  # the fragment alone does nothing without a script ...
    assert page.get_by_text("JavaScript mati").is_visible()
    assert page.locator("#verify-result .verify-verdict").count() == 0
    screenshot(page, "tanpa-js")
    # ... so the resident pastes the whole address, as the page says, and the form posts
    page.locator("#kode").fill(documents["credential_url"])
    with page.expect_response(lambda r: r.url == web_url + "/verifikasi" and r.request.method == "POST") as answer:
        page.get_by_role("button", name="Periksa", exact=True).click()
    assert answer.value.status == 200
    assert verdict(page) == ("SAH", "online")
    assert documents["resident"]["resident"]["full_name"].upper() in facts(page).upper()
    screenshot(page, "tanpa-js-ikd")
    page.locator("#kode").fill(documents["receipt_number"])
    page.get_by_role("button", name="Periksa", exact=True).click()
    page.wait_for_load_state()
    assert verdict(page) == ("SAH", "online")
    page.locator("#kode").fill("bukan kode " + uuid.uuid4().hex[:4])
    page.get_by_role("button", name="Periksa", exact=True).click()
    page.locator("#kode-error").wait_for()
    assert page.locator("#kode").get_attribute("aria-invalid") == "true"
    screenshot(page, "tanpa-js-salah")


def y4m_of(image: Image.Image, path) -> None:
    """A still video (YUV4MPEG2, 4:2:0) of the image, for chromium's fake camera: grey levels only."""
    grey = image.convert("L").resize((480, 480), Image.NEAREST)
    width, height = grey.size
    frame = b"FRAME\n" + grey.tobytes() + bytes([128]) * (width * height // 2)
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode() + frame * 5)


def test_the_camera_reads_a_digital_id_qr(browser, documents, web_url, tmp_path, screenshot):
    """A phone's camera pointed at a resident's QR: chromium's fake camera plays the QR image; the page
    decodes it (BarcodeDetector where the browser has one, else jsQR fetched on the button) and checks it."""
    qr = tmp_path / "ikd.y4m"
    y4m_of(Image.open(io.BytesIO(documents["qr_png"])), qr)
    camera = browser.browser_type.launch(
        executable_path=shutil.which("chromium") or "/usr/bin/chromium",
        args=[
            "--no-sandbox",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={qr}",
        ],
    )
    try:
        context = camera.new_context(
            viewport=PHONE, screen=PHONE, is_mobile=True, has_touch=True, locale="id-ID", base_url=web_url
        )
        context.grant_permissions(["camera"], origin=web_url)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto("/verifikasi")
        stop = page.get_by_role("button", name="Tutup kamera", exact=True)
        assert not stop.is_visible()
        page.get_by_role("button", name="Buka kamera", exact=True).click()
        assert verdict(page) == ("SAH", "online")
        assert documents["credential"]["id"] in facts(page)
        assert not stop.is_visible()  # the camera is closed once a code is read
        screenshot(page, "kamera")
    finally:
        camera.close()
