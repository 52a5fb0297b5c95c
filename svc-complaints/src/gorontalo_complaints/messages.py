"""Complaints' human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "tracking_code_invalid": {
        "id": "Kode lacak tidak valid; contoh GTO-7K3Q-95. Periksa kembali huruf dan angkanya.",
        "en": "Invalid tracking code; e.g. GTO-7K3Q-95. Please check the letters and digits.",
    },
    "region_not_district_or_village": {
        "id": "Pilih kecamatan atau desa/kelurahan, bukan provinsi atau kabupaten/kota.",
        "en": "Choose a district or village, not a province or regency/city.",
    },
    "complaint_not_found": {
        "id": "Pengaduan dengan kode lacak ini tidak ditemukan.",
        "en": "No complaint has this tracking code.",
    },
    "tracking_code_exhausted": {
        "id": "Kode lacak baru tidak dapat dibuat saat ini; silakan coba lagi.",
        "en": "A new tracking code cannot be made right now; please try again.",
    },
})
