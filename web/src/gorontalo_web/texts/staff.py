"""Words of the officers' console (/petugas)."""

TEXTS: dict[str, dict[str, str]] = {
    "staff_login_title": {"id": "Masuk petugas", "en": "Staff log-in"},
    "staff_login_lead": {
        "id": "Untuk petugas, operator, dan admin instansi. Setelah kata sandi, Anda memasukkan kode dari "
        "aplikasi autentikator di ponsel Anda.",
        "en": "For agency officers, operators and admins. After the password you enter the code from the "
        "authenticator app on your phone.",
    },
    "staff_field_username": {"id": "Nama pengguna petugas", "en": "Staff username"},
    "staff_login_next": {"id": "Lanjut", "en": "Continue"},
    "staff_login_button": {"id": "Masuk", "en": "Log in"},
    "staff_login_citizens": {"id": "Warga?", "en": "A resident?"},
    "staff_login_restart": {"id": "Mulai lagi dengan akun lain", "en": "Start again with another account"},
    "staff_not_staff": {
        "id": "Akun ini bukan akun petugas. Warga masuk melalui halaman Masuk.",
        "en": "This is not a staff account. Residents log in on the Log in page.",
    },
    "staff_session_expired": {
        "id": "Sesi petugas berakhir karena lama tidak digunakan. Silakan masuk lagi.",
        "en": "The staff session ended after a while without use. Please log in again.",
    },
    "staff_code_title": {"id": "Kode autentikator", "en": "Authenticator code"},
    "staff_code_lead": {
        "id": "Buka aplikasi autentikator di ponsel Anda dan masukkan kode 6 angka untuk Gorontalo Satu.",
        "en": "Open the authenticator app on your phone and enter the 6-digit code for Gorontalo Satu.",
    },
    "staff_field_otp": {"id": "Kode 6 angka", "en": "6-digit code"},
    "staff_otp_hint": {
        "id": "Kode berganti setiap 30 detik; satu kode hanya dapat dipakai sekali.",
        "en": "The code changes every 30 seconds; each code works only once.",
    },
    "staff_totp_title": {"id": "Daftarkan aplikasi autentikator", "en": "Enrol an authenticator app"},
    "staff_totp_lead": {
        "id": "Akun petugas wajib memakai faktor kedua. Daftarkan aplikasi autentikator sekali; sesudah itu "
        "setiap kali masuk Anda memasukkan kodenya.",
        "en": "Staff accounts need a second factor. Enrol an authenticator app once; from then on you enter "
        "its code every time you log in.",
    },
    "staff_totp_step_app": {
        "id": "Pasang aplikasi autentikator di ponsel (misalnya Google Authenticator, Microsoft Authenticator, "
        "atau FreeOTP).",
        "en": "Install an authenticator app on your phone (for example Google Authenticator, Microsoft "
        "Authenticator or FreeOTP).",
    },
    "staff_totp_step_scan": {
        "id": "Di aplikasi, pilih tambah akun lalu pindai kode QR ini.",
        "en": "In the app, choose to add an account and scan this QR code.",
    },
    "staff_totp_qr_alt": {
        "id": "Kode QR pendaftaran aplikasi autentikator Gorontalo Satu",
        "en": "QR code enrolling the authenticator app for Gorontalo Satu",
    },
    "staff_totp_manual": {"id": "Tidak bisa memindai? Ketik kunci ini:", "en": "Cannot scan? Type this key:"},
    "staff_totp_uri": {
        "id": "Tautan otpauth (untuk pengelola kata sandi)",
        "en": "otpauth link (for password managers)",
    },
    "staff_totp_step_confirm": {
        "id": "Masukkan kode 6 angka yang ditampilkan aplikasi untuk memastikan pendaftaran.",
        "en": "Enter the 6-digit code the app shows to confirm the enrolment.",
    },
    "staff_totp_confirm": {"id": "Konfirmasi", "en": "Confirm"},
    "staff_logout": {"id": "Keluar", "en": "Log out"},
    "staff_home_title": {"id": "Konsol petugas", "en": "Staff console"},
    "staff_home_acting_for": {"id": "Anda bertindak untuk", "en": "You act for"},
    "staff_home_name": {"id": "Nama", "en": "Name"},
    "staff_home_role": {"id": "Peran", "en": "Role"},
    "staff_home_agency": {"id": "Instansi", "en": "Agency"},
    "staff_home_jurisdiction": {"id": "Wilayah kewenangan (kode wilayah)", "en": "Jurisdiction (region codes)"},
    "staff_home_province_wide": {"id": "Seluruh Provinsi Gorontalo", "en": "All of Gorontalo province"},
    "staff_home_agency_head": {"id": "Kepala instansi", "en": "Head of agency"},
    "staff_home_scope_note": {
        "id": "Anda hanya melihat dan menangani berkas instansi dan wilayah ini. Setiap tindakan Anda dicatat "
        "dalam jejak audit yang dibaca admin.",
        "en": "You see and handle only this agency's and region's cases. Every action you take is kept in an "
        "audit trail that admins read.",
    },
    "staff_home_queues": {"id": "Antrean kerja", "en": "Work queues"},
    "staff_home_no_queues": {
        "id": "Belum ada antrean kerja untuk peran dan instansi Anda.",
        "en": "There is no work queue for your role and agency yet.",
    },
    "staff_home_idle": {
        "id": "Demi keamanan, sesi petugas berakhir setelah {minutes} menit tanpa aktivitas.",
        "en": "For security, a staff session ends after {minutes} minutes without activity.",
    },
    "staff_role_officer": {"id": "Petugas", "en": "Officer"},
    "staff_role_operator": {"id": "Operator", "en": "Operator"},
    "staff_role_admin": {"id": "Admin", "en": "Admin"},
    "staff_forbidden_title": {"id": "Tidak berwenang", "en": "Not allowed"},
    "staff_forbidden_text": {
        "id": "Halaman ini hanya untuk admin.",
        "en": "This page is for admins only.",
    },
    "staff_audit_title": {"id": "Jejak audit petugas", "en": "Staff audit trail"},
    "staff_audit_lead": {
        "id": "Setiap tindakan petugas di semua layanan, terbaru di atas. Catatan ini tidak dapat diubah "
        "atau dihapus oleh siapa pun, dan tidak memuat NIK atau nomor telepon.",
        "en": "Every staff action in every service, newest first. Nobody can change or delete these "
        "records, and they hold no NIK or phone number.",
    },
    "staff_audit_officer": {"id": "Petugas (nama pengguna atau id)", "en": "Officer (username or id)"},
    "staff_audit_agency": {"id": "Instansi", "en": "Agency"},
    "staff_audit_agency_hint": {"id": "Kode instansi, mis. dpmptsp-7571", "en": "Agency code, e.g. dpmptsp-7571"},
    "staff_audit_from": {"id": "Dari tanggal", "en": "From date"},
    "staff_audit_to": {"id": "Sampai tanggal", "en": "To date"},
    "staff_audit_filter": {"id": "Saring", "en": "Filter"},
    "staff_audit_caption": {"id": "Tindakan petugas (waktu WITA)", "en": "Staff actions (WITA times)"},
    "staff_audit_when": {"id": "Waktu", "en": "When"},
    "staff_audit_who": {"id": "Petugas", "en": "Staff"},
    "staff_audit_what": {"id": "Tindakan", "en": "Action"},
    "staff_audit_on": {"id": "Objek", "en": "On"},
    "staff_audit_next": {"id": "Halaman berikutnya", "en": "Next page"},
    "staff_audit_empty": {"id": "Tidak ada tindakan yang cocok.", "en": "No matching actions."},
}
