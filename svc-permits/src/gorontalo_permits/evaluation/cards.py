"""Synthetic labelled documents for measuring the pre-check: KTP-like and NPWP-like cards and NIB-like pages.

Drawn with Pillow and the DejaVu fonts, with the text known, then spoiled the way phone photos are:
noise and JPEG loss, a tilt, blur, low resolution, or several at once. They look like the real cards
only in layout and wording; every number and name is made up (a NIK's digits follow the real layout
so the parsers' checks apply, but no such person exists).
"""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/dejavu")
QUALITIES = ("clean", "noisy", "tilted", "blurred", "low_resolution", "phone")

FIRST = ("SITI", "MOH", "NUR", "RAHMAT", "FITRIANI", "ABDUL", "SRI", "YUSUF", "DEWI", "ARIFIN", "NOVITA", "HENDRA",
         "RISNA", "SUPRIANTO", "WAHYUNI", "ISMAIL", "MARYAM", "FADLI", "AISYAH", "ZULKIFLI")  # fmt: skip
LAST = ("HASAN", "MOOTALU", "PAKAYA", "DAI", "GOBEL", "LATIEF", "NUSI", "BIYA", "HUNTA", "UNO", "ISA", "MANOPO",
        "ABAS", "POLAPA", "KATILI", "DJAFAR", "TULI", "RAHIM", "PANU", "BADJEBER")  # fmt: skip
REGENCIES = (("71", "KOTA GORONTALO"), ("01", "KABUPATEN GORONTALO"), ("02", "KABUPATEN BOALEMO"),
             ("03", "KABUPATEN POHUWATO"), ("04", "KABUPATEN BONE BOLANGO"), ("05", "KABUPATEN GORONTALO UTARA"))  # fmt: skip
JOBS = ("WIRASWASTA", "PEDAGANG", "PETANI/PEKEBUN", "KARYAWAN SWASTA", "NELAYAN/PERIKANAN")


@dataclass
class Card:
    kind: str  # ktp, npwp, nib
    fields: dict[str, str]  # the truth: nik, name, birth_date / npwp, name / nib
    quality: str = "clean"
    image: Image.Image | None = field(default=None, repr=False)

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG")
        return out.getvalue()


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def person(rng: random.Random) -> dict[str, str]:
    """A made-up resident: NIK (PP KK CC DDMMYY SSSS, day + 40 for women), name, birth date."""
    female = rng.random() < 0.5
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 55 * 365))
    regency = rng.choice(REGENCIES)[0]
    day = born.day + (40 if female else 0)
    nik = f"75{regency}{rng.randrange(1, 12):02d}{day:02d}{born.month:02d}{born.year % 100:02d}{rng.randrange(1, 9999):04d}"
    return {"nik": nik, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "birth_date": born.isoformat(),
            "female": "1" if female else ""}  # fmt: skip


def npwp_number(rng: random.Random) -> str:
    d = "".join(str(rng.randrange(10)) for _ in range(15))
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:]}"


def nib_number(rng: random.Random) -> str:
    return "91" + "".join(str(rng.randrange(10)) for _ in range(11))


def draw_ktp(rng: random.Random, who: dict[str, str]) -> Card:
    image = Image.new("RGB", (860, 540), (178 + rng.randrange(20), 205 + rng.randrange(20), 230 + rng.randrange(20)))
    d = ImageDraw.Draw(image)
    regency = next(name for code, name in REGENCIES if code == who["nik"][2:4])
    d.text((430, 22), "PROVINSI GORONTALO", font=_font(28, True), fill=0, anchor="mt")
    d.text((430, 58), regency, font=_font(26, True), fill=0, anchor="mt")
    born = dt.date.fromisoformat(who["birth_date"])
    rows = [
        ("NIK", who["nik"]),
        ("Nama", who["name"]),
        ("Tempat/Tgl Lahir", f"GORONTALO, {born:%d-%m-%Y}"),
        ("Jenis Kelamin", "PEREMPUAN" if who["female"] else "LAKI-LAKI"),
        ("Alamat", f"JL. {rng.choice(LAST)} NO. {rng.randrange(1, 99)}"),
        ("Agama", "ISLAM"),
        ("Pekerjaan", rng.choice(JOBS)),
        ("Kewarganegaraan", "WNI"),
        ("Berlaku Hingga", "SEUMUR HIDUP"),
    ]
    y = 108
    for label, value in rows:
        big = label == "NIK"
        d.text((28, y), label, font=_font(26 if big else 20, big), fill=0)
        d.text((250, y), f": {value}", font=_font(26 if big else 20, big), fill=0)
        y += 44 if big else 34
    d.rectangle((680, 120, 830, 320), fill=(150, 150, 160), outline=0)  # the photo
    return Card("ktp", {k: who[k] for k in ("nik", "name", "birth_date")}, image=image)


def draw_npwp(rng: random.Random, who: dict[str, str]) -> Card:
    image = Image.new("RGB", (860, 540), (235 + rng.randrange(15), 235 + rng.randrange(15), 225 + rng.randrange(20)))
    d = ImageDraw.Draw(image)
    d.text((430, 30), "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", font=_font(22, True), fill=0, anchor="mt")
    d.text((430, 62), "DIREKTORAT JENDERAL PAJAK", font=_font(26, True), fill=0, anchor="mt")
    number = npwp_number(rng)
    d.text((40, 150), f"NPWP : {number}", font=_font(32, True), fill=0)
    d.text((40, 220), who["name"], font=_font(26), fill=0)
    d.text((40, 270), f"JL. {rng.choice(LAST)} NO. {rng.randrange(1, 99)} GORONTALO", font=_font(20), fill=0)
    d.text((40, 330), "KPP PRATAMA GORONTALO", font=_font(20), fill=0)
    d.text((40, 370), f"Tanggal Terdaftar : {rng.randrange(1, 28):02d}-{rng.randrange(1, 12):02d}-20{rng.randrange(10, 25)}",
           font=_font(20), fill=0)  # fmt: skip
    return Card("npwp", {"npwp": number}, image=image)


def draw_nib(rng: random.Random, who: dict[str, str]) -> Card:
    image = Image.new("RGB", (850, 1100), (252, 252, 250))
    d = ImageDraw.Draw(image)
    d.text((425, 60), "PEMERINTAH REPUBLIK INDONESIA", font=_font(26, True), fill=0, anchor="mt")
    d.text((425, 100), "PERIZINAN BERUSAHA BERBASIS RISIKO", font=_font(24, True), fill=0, anchor="mt")
    number = nib_number(rng)
    d.text((425, 170), f"NOMOR INDUK BERUSAHA : {number}", font=_font(26, True), fill=0, anchor="mt")
    lines = [
        "Berdasarkan Undang-Undang Nomor 6 Tahun 2023, Pemerintah Republik",
        "Indonesia menerbitkan Nomor Induk Berusaha (NIB) kepada:",
        f"Nama Pelaku Usaha : {who['name']}",
        f"Alamat : JL. {rng.choice(LAST)} NO. {rng.randrange(1, 99)}, GORONTALO",
        f"KBLI : {rng.choice(('56101', '47111', '45201', '10213'))}",
        "Diterbitkan oleh Lembaga OSS",
    ]
    y = 260
    for line in lines:
        d.text((60, y), line, font=_font(20), fill=0)
        y += 44
    return Card("nib", {"nib": number}, image=image)


def spoil(image: Image.Image, quality: str, rng: random.Random) -> Image.Image:
    """The image as a phone might deliver it."""
    if quality == "clean":
        return image
    if quality == "phone":
        for step in ("tilted", "blurred", "noisy"):
            image = spoil(image, step, rng) if step != "tilted" else _tilt(image, rng.uniform(-3, 3))
        return image
    if quality == "noisy":
        return _jpeg(_noise(image, rng, sigma=rng.uniform(18, 32)), quality=rng.randrange(25, 45))
    if quality == "tilted":
        return _tilt(image, rng.choice((-1, 1)) * rng.uniform(3, 8))
    if quality == "blurred":
        return image.filter(ImageFilter.GaussianBlur(rng.uniform(1.4, 2.4)))
    if quality == "low_resolution":
        scale = rng.uniform(0.32, 0.42)
        return image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BILINEAR)
    raise ValueError(quality)


def _tilt(image: Image.Image, degrees: float) -> Image.Image:
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(90, 90, 90))


def _noise(image: Image.Image, rng: random.Random, sigma: float) -> Image.Image:
    noise = Image.effect_noise(image.size, sigma).convert("RGB")
    return Image.blend(image, noise, 0.25 + rng.uniform(0, 0.1))


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=quality)
    out.seek(0)
    return Image.open(out).convert("RGB")


def generate(count: int, seed: int) -> list[Card]:
    """`count` cards: KTP, NPWP and NIB in turn, each quality in turn; the same seed gives the same set."""
    rng = random.Random(seed)
    drawers = (draw_ktp, draw_ktp, draw_npwp, draw_nib)  # KTPs twice: they carry most of the fields
    cards = []
    for index in range(count):
        card = drawers[index % len(drawers)](rng, person(rng))
        card.quality = QUALITIES[(index // len(drawers)) % len(QUALITIES)]
        card.image = spoil(card.image, card.quality, rng)
        cards.append(card)
    return cards
