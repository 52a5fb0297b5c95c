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
    "not_agency_head": {
        "id": "Eskalasi tenggat hanya dapat dilihat kepala instansi dan dispatcher provinsi.",
        "en": "Deadline escalations are for the agency head and the province dispatchers.",
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
    "photo_empty": {"id": "Foto kosong.", "en": "The photo is empty."},
    "photo_too_large": {
        "id": "Foto terlalu besar; paling besar {max_megabytes} MB.",
        "en": "The photo is too large; at most {max_megabytes} MB.",
    },
    "photo_format_unsupported": {
        "id": "Foto harus berupa gambar JPEG atau PNG.",
        "en": "The photo must be a JPEG or PNG image.",
    },
    "photo_too_many_pixels": {
        "id": "Resolusi foto terlalu besar; paling besar {max_megapixels} megapiksel.",
        "en": "The photo's resolution is too high; at most {max_megapixels} megapixels.",
    },
    "photo_content_type_mismatch": {
        "id": "Isi foto adalah {actual}, bukan {declared} seperti yang disebutkan.",
        "en": "The photo is {actual}, not {declared} as declared.",
    },
    "too_many_photos": {"id": "Paling banyak {max} foto.", "en": "At most {max} photos."},
    "photo_not_yours": {
        "id": "Foto {id} tidak ditemukan di antara unggahan Anda yang belum dipakai.",
        "en": "Photo {id} is not among your unused uploads.",
    },
    "photo_not_found": {"id": "Foto tidak ditemukan.", "en": "No such photo."},
    "support_not_possible": {
        "id": "Pengaduan ini tidak dapat didukung.", "en": "This complaint cannot be supported.",
    },
    "support_own_complaint": {
        "id": "Anda tidak dapat mendukung pengaduan Anda sendiri.", "en": "You cannot support your own complaint.",
    },
    "support_finished_complaint": {
        "id": "Pengaduan berstatus {status} tidak dapat didukung lagi.",
        "en": "A complaint in status {status} can no longer be supported.",
    },
    "already_supported": {"id": "Anda sudah mendukung pengaduan ini.", "en": "You already support this complaint."},
    "anonymous_needs_anonim": {
        "id": "Tanpa akun, pengaduan hanya dapat dikirim sebagai anonim.",
        "en": "Without an account a complaint can only be filed as anonim.",
    },
    "phone_invalid": {
        "id": "Nomor HP tidak valid; contoh 081234567890.", "en": "Invalid mobile number; e.g. 081234567890.",
    },
    "email_invalid": {"id": "Alamat e-mail tidak valid.", "en": "Invalid e-mail address."},
    "contact_required": {
        "id": "Isi nomor HP atau alamat e-mail agar kami dapat mengabari Anda.",
        "en": "Give a mobile number or an e-mail address so that we can send you updates.",
    },
    "anonymous_rate_limited": {
        "id": "Terlalu banyak pengaduan tanpa akun dari alamat ini; coba lagi nanti atau masuk dengan akun.",
        "en": "Too many complaints without an account from this address; try later or sign in.",
    },
    "lookup_rate_limited": {
        "id": "Terlalu banyak pencarian pengaduan dengan kode lacak; coba lagi dalam {seconds} detik.",
        "en": "Too many look-ups of complaints by tracking code; try again in {seconds} seconds.",
    },
    "contact_rate_limited": {
        "id": "Kontak ini sudah mengirim {limit} pengaduan dalam 24 jam terakhir; coba lagi besok.",
        "en": "This contact filed {limit} complaints in the last 24 hours; please try tomorrow.",
    },
    "open311_form_expected": {
        "id": "Kirim data sebagai application/x-www-form-urlencoded (Open311 GeoReport v2).",
        "en": "Send the data as application/x-www-form-urlencoded (Open311 GeoReport v2).",
    },
    "open311_api_key_invalid": {"id": "api_key tidak valid.", "en": "Invalid api_key."},
    "open311_service_not_found": {
        "id": "service_code tidak ditemukan; daftar kode ada di services.json atau services.xml.",
        "en": "service_code was not found; services.json or services.xml lists the codes.",
    },
    "open311_location_required": {
        "id": "Isi lat dan long, atau address_string.", "en": "Give lat and long, or address_string.",
    },
    "open311_address_unknown": {
        "id": "address_string harus menyebut kecamatan di Provinsi Gorontalo.",
        "en": "address_string must name a district (kecamatan) of Gorontalo province.",
    },
    "open311_attribute_unknown": {
        "id": "Atribut ini tidak ada pada layanan tersebut.", "en": "The service has no such attribute.",
    },
    "open311_format_unknown": {"id": "Format harus json atau xml.", "en": "The format must be json or xml."},
    "expected_number": {"id": "Harus berupa angka.", "en": "Must be a number."},
    "expected_timestamp": {
        "id": "Harus berupa waktu W3C, mis. 2026-01-31T08:00:00+08:00.",
        "en": "Must be a W3C date-time, e.g. 2026-01-31T08:00:00+08:00.",
    },
    "question_not_internal": {
        "id": "Pertanyaan untuk pelapor tidak dapat berupa catatan internal.",
        "en": "A question to the reporter cannot be an internal note.",
    },
    "no_question_asked": {
        "id": "Instansi belum mengajukan pertanyaan untuk dijawab.",
        "en": "The agency has not asked a question to answer.",
    },
})
