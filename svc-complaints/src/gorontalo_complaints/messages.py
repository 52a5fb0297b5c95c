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
    "not_a_dispatcher": {
        "id": "Hanya dispatcher provinsi yang dapat meneruskan pengaduan ini.",
        "en": "Only a province dispatcher can route this complaint.",
    },
    "not_your_agency": {
        "id": "Pengaduan ini tidak didisposisikan ke instansi Anda.",
        "en": "This complaint is not dispositioned to your agency.",
    },
    "not_your_complaint": {
        "id": "Hanya pelapor yang dapat melakukan ini.",
        "en": "Only the reporter can do this.",
    },
    "status_transition_invalid": {
        "id": "Status pengaduan tidak dapat diubah dari {from_status} menjadi {to_status}.",
        "en": "The complaint cannot go from {from_status} to {to_status}.",
    },
    "already_dispositioned": {
        "id": "Pengaduan ini sudah didisposisikan atau selesai.",
        "en": "This complaint is already dispositioned or finished.",
    },
    "no_routing_entry": {
        "id": "Belum ada instansi untuk kategori {category} di wilayah {region}; lengkapi tabel disposisi.",
        "en": "No agency handles {category} in {region} yet; complete the routing table.",
    },
    "rating_needs_resolution": {
        "id": "Penilaian hanya dapat diberikan setelah pengaduan diselesaikan.",
        "en": "A rating can only be given once the complaint is resolved.",
    },
    "reopen_window_over": {
        "id": "Pengaduan hanya dapat dibuka kembali dalam {days} hari kerja setelah diselesaikan.",
        "en": "A complaint can only be reopened within {days} working days of its resolution.",
    },
    "complaint_finished": {
        "id": "Pengaduan ini sudah ditutup atau ditolak.",
        "en": "This complaint is already closed or rejected.",
    },
    "agency_code_invalid": {
        "id": "Kode instansi: huruf kecil, angka, dan tanda hubung (3-60 karakter), mis. dinas-pupr-7571.",
        "en": "Agency code: lower-case letters, digits and hyphens (3-60 characters), e.g. dinas-pupr-7571.",
    },
    "regency_unknown": {
        "id": "Pilih kabupaten/kota di Provinsi Gorontalo, mis. 75.71.",
        "en": "Choose a regency/city of Gorontalo province, e.g. 75.71.",
    },
})
