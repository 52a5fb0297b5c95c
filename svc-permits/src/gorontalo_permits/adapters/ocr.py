"""OCR with Tesseract and its Indonesian data (Debian's tesseract-ocr and tesseract-ocr-ind), via pytesseract.

Tesseract runs as a child process at low priority (`nice`), so reading a scan on a two-core machine
leaves the CPU to requests. A PDF is read from its first page, drawn at 200 dpi (pypdfium2). The text
returned stays in memory: callers keep only the fields they extract.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps

# Tesseract reads best with text around 30 px high: a card photographed small is enlarged first.
MIN_WIDTH = 1200
MAX_WIDTH = 2400
PDF_SCALE = 200 / 72
MAX_SKEW = 10  # degrees a hand-held photo is tilted at most, as looked for
SHARP_ENOUGH = (
    0.14  # steep_edge_share above which an image is not sharpened (drawn cards: blurred <= 0.15, clean >= 0.45)
)


class OcrUnavailable(RuntimeError):
    """The tesseract program or its Indonesian data is not installed."""


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float  # mean word confidence, 0-1 (0 when no word was read)


def first_page(content: bytes, media_type: str) -> Image.Image:
    if media_type == "application/pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(content)
        try:
            return pdf[0].render(scale=PDF_SCALE).to_pil()
        finally:
            pdf.close()
    image = Image.open(io.BytesIO(content))
    return ImageOps.exif_transpose(image)  # a phone photo's orientation tag


def skew_angle(grey: Image.Image) -> float:
    """The tilt of the text lines, in degrees (within MAX_SKEW): the rotation under which the rows of dark
    pixels are most uneven, i.e. the lines lie horizontally (projection profile, on a small copy)."""
    small = grey.copy()
    small.thumbnail((500, 500))
    ink = small.point(lambda v: 255 if v < 128 else 0)
    best, best_score = 0.0, -1.0
    for tenth in range(-MAX_SKEW * 2, MAX_SKEW * 2 + 1):
        angle = tenth / 2
        turned = ink.rotate(angle, resample=Image.Resampling.NEAREST)
        sums = list(turned.resize((1, turned.height), Image.Resampling.BOX).get_flattened_data())  # ink per row
        score = sum((a - b) ** 2 for a, b in zip(sums, sums[1:], strict=False))
        if score > best_score:
            best, best_score = angle, score
    return best


def steep_edge_share(grey: Image.Image) -> float:
    """Of the pixels where the brightness changes, the share where it changes steeply (Laplacian beyond
    60 of 255): about 0.6 for crisp print or a rendered PDF, under 0.15 for a blurred or enlarged photo."""
    laplacian = grey.filter(ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128))
    histogram = laplacian.histogram()
    changing = sum(histogram[: 128 - 10]) + sum(histogram[128 + 10 :])
    steep = sum(histogram[: 128 - 60]) + sum(histogram[128 + 60 :])
    return steep / changing if changing else 0.0


def prepare(image: Image.Image) -> Image.Image:
    """Grey, contrast stretched, straightened, enlarged to a width Tesseract reads well, and sharpened
    when soft. Sharp text is left as it is: the unsharp mask thickens crisp strokes enough that Tesseract
    read a bold "8" as "3" or "38" on one clean KTP in twenty (measured on 200 drawn cards), while on
    blurred photos it is what makes the digits readable (NIK read right on 88% of them, 44% without)."""
    grey = ImageOps.autocontrast(image.convert("L"), cutoff=1)
    angle = skew_angle(grey)
    if angle:
        grey = grey.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if grey.width < MIN_WIDTH:
        grey = grey.resize((MIN_WIDTH, round(grey.height * MIN_WIDTH / grey.width)), Image.Resampling.LANCZOS)
    elif grey.width > MAX_WIDTH:
        grey = grey.resize((MAX_WIDTH, round(grey.height * MAX_WIDTH / grey.width)), Image.Resampling.LANCZOS)
    if steep_edge_share(grey) >= SHARP_ENOUGH:
        return grey
    return grey.filter(ImageFilter.UnsharpMask(radius=2, percent=120, threshold=2))


def rows(lines) -> list[str]:
    """Tesseract's lines, those side by side joined left to right. A card's labels and values are two
    columns that Tesseract reads as separate blocks ("NIK" ... then ": 7571..."); a form is read by rows."""
    boxes = []
    for words in lines:
        top = min(box[0] for box, _ in words)
        bottom = max(box[1] for box, _ in words)
        left = min(box[2] for box, _ in words)
        boxes.append((top, bottom, left, " ".join(w for _, w in sorted(words, key=lambda item: item[0][2]))))
    out: list[list] = []
    for top, bottom, left, text in sorted(boxes, key=lambda b: (b[0] + b[1]) / 2):
        centre = (top + bottom) / 2
        if out and out[-1][0] <= centre <= out[-1][1]:
            out[-1][2].append((left, text))
            continue
        out.append([top, bottom, [(left, text)]])
    return [" ".join(text for _, text in sorted(parts)) for _, _, parts in out]


class TesseractOcr:
    def __init__(self, *, lang: str = "ind", nice: int = 10, timeout: float = 60.0):
        self.lang = lang
        self.nice = nice
        self.timeout = timeout

    def check(self) -> None:
        """Raises OcrUnavailable unless the program and the language data are there (at start)."""
        import pytesseract

        try:
            languages = pytesseract.get_languages()
        except (pytesseract.TesseractNotFoundError, OSError) as error:
            raise OcrUnavailable(f"tesseract is not installed: {error}") from None
        if self.lang not in languages:
            raise OcrUnavailable(f"tesseract has no '{self.lang}' data (Debian: tesseract-ocr-{self.lang})")

    def read_image(self, image: Image.Image) -> OcrResult:
        import pytesseract

        data = pytesseract.image_to_data(
            prepare(image),
            lang=self.lang,
            nice=self.nice,
            timeout=self.timeout,
            output_type=pytesseract.Output.DICT,
        )
        lines: dict[tuple, list] = {}
        confidences = []
        for i, word in enumerate(data["text"]):
            word = (word or "").strip()
            if not word:
                continue
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            box = (data["top"][i], data["top"][i] + data["height"][i], data["left"][i])
            lines.setdefault(key, []).append((box, word))
            confidence = float(data["conf"][i])
            if confidence >= 0:
                confidences.append(confidence)
        text = "\n".join(rows(lines.values()))
        return OcrResult(text, sum(confidences) / len(confidences) / 100 if confidences else 0.0)

    def read(self, content: bytes, media_type: str) -> OcrResult:
        return self.read_image(first_page(content, media_type))
