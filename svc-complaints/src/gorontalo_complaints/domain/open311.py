"""Open311 GeoReport v2 vocabulary: categories as services, their attributes, and open/closed.

Plain data and rules; rendering to JSON/XML is the entrypoint's job. A service
definition (`metadata: true`) exists where a category asks for more than text:
the attributes a FixMyStreet-style app shows as form fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import lifecycle

OPEN311_CLOSED = (lifecycle.RESOLVED, lifecycle.CLOSED, lifecycle.REJECTED)


@dataclass(frozen=True)
class Attribute:
    code: str
    datatype: str  # string | number | datetime | text | singlevaluelist | multivaluelist
    required: bool
    description: str
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = ()  # (key, name)


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    description: str
    group: str
    keywords: tuple[str, ...]
    attributes: tuple[Attribute, ...] = field(default_factory=tuple)

    @property
    def metadata(self) -> bool:
        return bool(self.attributes)


_SIZE = (("kecil", "Kecil (kurang dari 30 cm)"), ("sedang", "Sedang (30-100 cm)"), ("besar", "Besar (lebih dari 1 m)"))

SERVICES = (
    Service(
        "jalan_rusak",
        "Jalan rusak",
        "Jalan berlubang, amblas, atau rusak.",
        "Infrastruktur",
        ("jalan", "lubang", "aspal"),
        (Attribute("ukuran_lubang", "singlevaluelist", False, "Seberapa besar kerusakannya?", values=_SIZE),),
    ),
    Service(
        "lampu_jalan",
        "Lampu jalan",
        "Penerangan jalan umum mati atau rusak.",
        "Infrastruktur",
        ("lampu", "penerangan", "PJU"),
        (Attribute("jumlah_lampu", "number", False, "Berapa lampu yang mati?", "Bilangan bulat 1 sampai 100"),),
    ),
    Service("air_bersih", "Air bersih", "Air PDAM tidak mengalir atau keruh.", "Layanan dasar", ("air", "PDAM")),
    Service("sampah", "Sampah", "Sampah tidak diangkut atau dibuang sembarangan.", "Lingkungan", ("sampah", "TPS")),
    Service(
        "fasilitas_kesehatan",
        "Fasilitas kesehatan",
        "Puskesmas, posyandu atau rumah sakit.",
        "Layanan dasar",
        ("puskesmas", "posyandu", "kesehatan"),
    ),
    Service(
        "pendidikan", "Pendidikan", "Sekolah, guru, atau fasilitas pendidikan.", "Layanan dasar", ("sekolah", "guru")
    ),
    Service(
        "pungli",
        "Pungutan liar",
        "Pungutan tanpa dasar hukum oleh petugas layanan.",
        "Tata kelola",
        ("pungli", "pungutan"),
    ),
    Service(
        "banjir",
        "Banjir",
        "Genangan atau banjir.",
        "Bencana",
        ("banjir", "genangan"),
        (
            Attribute(
                "ketinggian_air",
                "singlevaluelist",
                False,
                "Setinggi apa airnya?",
                values=(
                    ("mata_kaki", "Mata kaki"),
                    ("lutut", "Lutut"),
                    ("pinggang", "Pinggang"),
                    ("dada", "Dada atau lebih"),
                ),
            ),
        ),
    ),
    Service(
        "tanah_longsor", "Tanah longsor", "Longsor yang menutup jalan atau mengancam rumah.", "Bencana", ("longsor",)
    ),
    Service(
        "adminduk",
        "Administrasi kependudukan",
        "KTP elektronik, kartu keluarga, akta (Disdukcapil).",
        "Layanan dasar",
        ("KTP", "KK", "akta", "dukcapil"),
    ),
    Service(
        "angkutan_umum",
        "Angkutan umum",
        "Angkot, bus, bentor, halte dan terminal.",
        "Infrastruktur",
        ("angkot", "terminal", "bus"),
    ),
    Service("lainnya", "Lainnya", "Masalah layanan publik lainnya.", "Lainnya", ()),
)
BY_CODE = {service.code: service for service in SERVICES}


def status_of(platform_status: str) -> str:
    return "closed" if platform_status in OPEN311_CLOSED else "open"


def statuses_for(open311_status: str) -> tuple[str, ...]:
    if open311_status == "closed":
        return OPEN311_CLOSED
    return tuple(s for s in lifecycle.STATUSES if s not in OPEN311_CLOSED)


def check_attributes(service: Service, given: dict[str, list[str]]) -> tuple[dict, list[tuple[str, str, dict]]]:
    """(normalised attributes, problems as (field, reason, params)); unknown codes are problems too."""
    known = {a.code: a for a in service.attributes}
    out, problems = {}, []
    for code, values in given.items():
        attribute = known.get(code)
        if attribute is None:
            problems.append((f"attribute[{code}]", "open311_attribute_unknown", {}))
            continue
        value = values[-1].strip()
        if attribute.datatype == "singlevaluelist" and value not in {k for k, _ in attribute.values}:
            problems.append(
                (f"attribute[{code}]", "not_one_of", {"allowed": ", ".join(k for k, _ in attribute.values)})
            )
        elif attribute.datatype == "number" and not (value.isdigit() and 1 <= int(value) <= 100):
            problems.append((f"attribute[{code}]", "out_of_range", {"min": 1, "max": 100}))
        else:
            out[code] = value
    for attribute in service.attributes:
        if attribute.required and attribute.code not in out:
            problems.append((f"attribute[{attribute.code}]", "required", {}))
    return out, problems
