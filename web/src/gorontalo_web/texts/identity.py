"""Words of the identity pages."""

TEXTS: dict[str, dict[str, str]] = {
    "identity_title": {"id": "Identitas digital saya", "en": "My digital ID"},
    "identity_card_heading": {"id": "KTP digital", "en": "Digital ID card"},
    "identity_card_intro": {
        "id": "Tunjukkan kode QR ini kepada petugas. Kode ini dapat diperiksa tanpa internet dan tetap "
        "tampil di HP ini walau sinyal hilang, setelah halaman ini pernah dibuka.",
        "en": "Show this QR code to an officer. It can be checked without internet, and stays on this "
        "phone without a signal once this page has been opened.",
    },
    "identity_qr_alt": {
        "id": "Kode QR KTP digital atas nama {name}",
        "en": "QR code of the digital ID of {name}",
    },
    "identity_name": {"id": "Nama", "en": "Name"},
    "identity_nik": {"id": "NIK", "en": "NIK"},
    "identity_birth_date": {"id": "Tanggal lahir", "en": "Date of birth"},
    "identity_regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "identity_valid_until": {"id": "Berlaku sampai", "en": "Valid until"},
    "identity_issued_at": {"id": "Diterbitkan", "en": "Issued"},
    "identity_no_card": {
        "id": "Anda belum punya KTP digital. Terbitkan sekarang; kodenya ditandatangani Pemerintah Provinsi.",
        "en": "You have no digital ID yet. Issue one now; its code is signed by the Provincial Government.",
    },
    "identity_issue_button": {"id": "Terbitkan KTP digital", "en": "Issue my digital ID"},
    "identity_level_heading": {"id": "Pemeriksaan tatap muka", "en": "In-person check"},
    "identity_level_intro": {
        "id": "KTP digital hanya diberikan setelah identitas Anda diperiksa langsung oleh petugas "
        "Disdukcapil atau kelurahan dengan e-KTP asli (tingkat jaminan 2). Fotokopi KTP tidak cukup.",
        "en": "A digital ID is only given once a Disdukcapil or kelurahan officer has checked your "
        "identity in person against your e-KTP (assurance level 2). A KTP photocopy is not enough.",
    },
    "identity_level_steps": {
        "id": "Datang ke kantor kelurahan atau Disdukcapil membawa e-KTP dan HP ini.|Tekan \u201cMulai "
        "pemeriksaan\u201d di bawah: muncul kode QR yang berlaku 10 menit.|Petugas memindai kode itu dan "
        "mencocokkannya dengan e-KTP Anda.|Setelah petugas mengonfirmasi, tekan \u201cPerbarui status\u201d.",
        "en": "Go to the kelurahan or Disdukcapil office with your e-KTP and this phone.|Press \u201cStart "
        "the check\u201d below: a QR code valid for 10 minutes appears.|The officer scans it and compares "
        "it with your e-KTP.|Once the officer has confirmed, press \u201cRefresh status\u201d.",
    },
    "identity_start_check": {"id": "Mulai pemeriksaan", "en": "Start the check"},
    "identity_restart_check": {"id": "Buat kode baru", "en": "Make a new code"},
    "identity_check_qr_alt": {
        "id": "Kode QR pemeriksaan tatap muka untuk dipindai petugas",
        "en": "QR code of the in-person check, for the officer to scan",
    },
    "identity_check_valid_until": {"id": "Kode berlaku sampai", "en": "Code valid until"},
    "identity_check_manual": {
        "id": "Bila pemindai petugas tidak berfungsi, petugas dapat mengetik kode ini:",
        "en": "If the officer's scanner fails, the officer can type this code:",
    },
    "identity_refresh_status": {"id": "Perbarui status", "en": "Refresh status"},
    "identity_level_now": {"id": "Tingkat jaminan akun Anda: {level}", "en": "Your account's assurance level: {level}"},
    "identity_access_heading": {"id": "Siapa yang membaca data saya", "en": "Who read my data"},
    "identity_access_intro": {
        "id": "Setiap kali petugas atau instansi membaca data kependudukan Anda, tercatat di sini (UU 27/2022).",
        "en": "Each time an officer or agency reads your population data, it is recorded here (Law 27/2022).",
    },
    "identity_access_empty": {"id": "Belum ada yang membaca data Anda.", "en": "No one has read your data yet."},
    "identity_access_when": {"id": "Waktu", "en": "When"},
    "identity_access_who": {"id": "Siapa", "en": "Who"},
    "identity_access_purpose": {"id": "Keperluan", "en": "Purpose"},
    "identity_export_heading": {"id": "Salinan data saya", "en": "A copy of my data"},
    "identity_export_intro": {
        "id": "Unduh semua data yang disimpan layanan identitas tentang Anda, dalam berkas JSON. Simpan "
        "berkas ini baik-baik: isinya termasuk NIK Anda.",
        "en": "Download everything the identity service holds about you, as a JSON file. Keep the file "
        "safe: it contains your NIK.",
    },
    "identity_export_button": {"id": "Unduh data saya (JSON)", "en": "Download my data (JSON)"},
    "identity_revoke_heading": {"id": "Cabut KTP digital ini", "en": "Revoke this digital ID"},
    "identity_revoke_intro": {
        "id": "Bila kode QR ini difoto orang lain atau HP lama Anda hilang, cabut: kode ini tidak lagi sah "
        "saat diperiksa daring. Setelah itu Anda dapat menerbitkan yang baru.",
        "en": "If someone photographed this QR code or your old phone was lost, revoke it: the code no longer "
        "checks as valid online. You can then issue a new one.",
    },
    "identity_revoke_confirm": {"id": "Ya, cabut KTP digital ini", "en": "Yes, revoke this digital ID"},
    "identity_revoke_button": {"id": "Cabut", "en": "Revoke"},
    "identity_revoke_unconfirmed": {
        "id": "Centang persetujuan dulu bila Anda benar ingin mencabut KTP digital.",
        "en": "Tick the confirmation first if you really want to revoke the digital ID.",
    },
    "identity_revoked": {
        "id": "KTP digital dicabut. Terbitkan yang baru bila perlu.",
        "en": "The digital ID is revoked. Issue a new one when you need it.",
    },
}
