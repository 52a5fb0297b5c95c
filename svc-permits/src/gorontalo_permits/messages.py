"""Permits' human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "kbli_invalid": {"id": "Kode KBLI harus 5 digit angka, contoh 56101.", "en": "The KBLI code must be 5 digits, e.g. 56101."},
    "kbli_unknown": {"id": "Kode KBLI ini tidak ada dalam katalog perizinan Provinsi Gorontalo.", "en": "This KBLI code is not in Gorontalo's permit catalog."},
    "region_level_invalid": {"id": "Gunakan kode kecamatan atau desa/kelurahan lokasi usaha, bukan kode kabupaten/kota atau provinsi.", "en": "Use the district or village code of the business location, not a regency/city or province code."},
    "review_requires_submitted": {"id": "Hanya permohonan berstatus 'submitted' (diajukan) yang dapat mulai ditinjau; status permohonan ini '{status}'.", "en": "Only a 'submitted' application can be taken into review; this one is '{status}'."},
    "illegal_transition": {"id": "Status permohonan tidak dapat diubah dari '{current}' menjadi '{target}'.", "en": "The application cannot move from '{current}' to '{target}'."},
    "concurrent_update": {"id": "Permohonan ini baru saja diubah oleh petugas lain; muat ulang lalu coba lagi.", "en": "Someone else changed this application just now; reload and try again."},
})
