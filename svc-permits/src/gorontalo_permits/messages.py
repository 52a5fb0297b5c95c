"""Permits' human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "kbli_invalid": {"id": "Kode KBLI harus 5 digit angka, contoh 56101.", "en": "The KBLI code must be 5 digits, e.g. 56101."},
    "kbli_unknown": {"id": "Kode KBLI ini tidak ada dalam katalog perizinan Provinsi Gorontalo.", "en": "This KBLI code is not in Gorontalo's permit catalog."},
    "region_level_invalid": {"id": "Gunakan kode kecamatan atau desa/kelurahan lokasi usaha, bukan kode kabupaten/kota atau provinsi.", "en": "Use the district or village code of the business location, not a regency/city or province code."},
    "review_requires_submitted": {"id": "Hanya permohonan berstatus 'submitted' (diajukan) yang dapat mulai ditinjau; status permohonan ini '{status}'.", "en": "Only a 'submitted' application can be taken into review; this one is '{status}'."},
    "illegal_transition": {"id": "Status permohonan tidak dapat diubah dari '{current}' menjadi '{target}'.", "en": "The application cannot move from '{current}' to '{target}'."},
    "concurrent_update": {"id": "Permohonan ini baru saja diubah oleh petugas lain; muat ulang lalu coba lagi.", "en": "Someone else changed this application just now; reload and try again."},
    "nib_invalid": {"id": "NIB (Nomor Induk Berusaha) harus 13 digit angka.", "en": "The NIB (business identification number) must be 13 digits."},
    "nib_mismatch": {"id": "Anda sudah terdaftar dengan NIB lain; gunakan NIB yang sama untuk semua izin usaha Anda.", "en": "You are already registered with another NIB; use the same NIB for all your permits."},
    "nib_taken": {"id": "NIB ini sudah terdaftar atas nama pelaku usaha lain.", "en": "This NIB is already registered to another business owner."},
    "action_not_allowed": {"id": "Tindakan '{action}' tidak dapat dilakukan pada permohonan berstatus '{status}'.", "en": "The action '{action}' is not allowed on an application in status '{status}'."},
    "permit_already_revoked": {"id": "Izin ini sudah dicabut.", "en": "This permit has already been revoked."},
})
