"""Words every page shares: the frame, sign-up, login, the timeline, errors."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "app_name": {"id": "Gorontalo Satu", "en": "Gorontalo Satu"},
    "tagline": {
        "id": "Aplikasi untuk mengakses berbagai layanan publik Provinsi Gorontalo.",
        "en": "One app for the public services of Gorontalo Province.",
    },
    "home_title": {"id": "Beranda", "en": "Home"},
    "services_heading": {"id": "Layanan", "en": "Services"},
    "status_up": {"id": "berjalan", "en": "running"},
    "status_down": {"id": "sedang gangguan", "en": "unavailable"},
    "services_unknown": {
        "id": "Status layanan belum dapat dimuat.",
        "en": "The status of the services could not be loaded.",
    },
    "signup_title": {"id": "Daftar", "en": "Sign up"},
    "signup_intro": {
        "id": "Daftar dengan NIK sesuai data kependudukan. Kode aktivasi dikirim lewat SMS.",
        "en": "Sign up with your NIK as in the population register. An activation code is sent by SMS.",
    },
    "signup_button": {"id": "Daftar", "en": "Sign up"},
    "field_nik": {"id": "NIK (16 digit)", "en": "NIK (16 digits)"},
    "field_full_name": {"id": "Nama lengkap", "en": "Full name"},
    "field_birth_date": {"id": "Tanggal lahir", "en": "Date of birth"},
    "field_phone": {"id": "Nomor HP", "en": "Mobile number"},
    "field_password": {"id": "Kata sandi", "en": "Password"},
    "field_username": {"id": "NIK atau nomor HP", "en": "NIK or mobile number"},
    "field_code": {"id": "Kode dari SMS (6 digit)", "en": "Code from the SMS (6 digits)"},
    "code_title": {"id": "Aktifkan akun", "en": "Activate your account"},
    "code_intro": {
        "id": "Masukkan kode 6 digit yang kami kirim lewat SMS ke nomor HP Anda.",
        "en": "Enter the 6-digit code we sent by SMS to your mobile number.",
    },
    "code_button": {"id": "Aktifkan", "en": "Activate"},
    "login_title": {"id": "Masuk", "en": "Log in"},
    "login_button": {"id": "Masuk", "en": "Log in"},
    "logout_button": {"id": "Keluar", "en": "Log out"},
    "no_account": {"id": "Belum punya akun?", "en": "No account yet?"},
    "have_account": {"id": "Sudah punya akun?", "en": "Already have an account?"},
    "timeline_title": {"id": "Linimasa saya", "en": "My timeline"},
    "timeline_empty": {
        "id": "Belum ada permohonan, tagihan, atau pengaduan.",
        "en": "No applications, bills or complaints yet.",
    },
    "state": {"id": "Status", "en": "Status"},
    "next_action": {"id": "Langkah berikutnya", "en": "Next step"},
    "reference": {"id": "Nomor", "en": "Reference"},
    "amount": {"id": "Jumlah", "en": "Amount"},
    "due_date": {"id": "Jatuh tempo", "en": "Due"},
    "language_switch": {"id": "English", "en": "Bahasa Indonesia"},
    "skip_link": {"id": "Langsung ke isi", "en": "Skip to content"},
    "error_unavailable": {
        "id": "Layanan sedang tidak dapat dihubungi. Silakan coba lagi sebentar lagi.",
        "en": "The service cannot be reached right now. Please try again shortly.",
    },
    "error_generic": {
        "id": "Permintaan tidak dapat diproses. Periksa isian Anda.",
        "en": "The request could not be processed. Please check what you entered.",
    },
    "error_too_many": {
        "id": "Terlalu banyak percobaan. Silakan coba lagi nanti.",
        "en": "Too many attempts. Please try again later.",
    },
    "error_csrf": {
        "id": "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.",
        "en": "The form expired or is not valid. Reload the page and try again.",
    },
    "error_not_found": {"id": "Halaman tidak ditemukan.", "en": "Page not found."},
    "error_session_ended": {
        "id": "Sesi Anda telah berakhir. Silakan masuk lagi.",
        "en": "Your session has ended. Please log in again.",
    },
    "signup_expired": {
        "id": "Pendaftaran belum dimulai atau sudah kedaluwarsa. Silakan daftar lagi.",
        "en": "No sign-up in progress, or it expired. Please sign up again.",
    },
    "nav_permits": {"id": "Perizinan", "en": "Permits"},
    "nav_tax": {"id": "Pajak", "en": "Taxes"},
    "nav_complaints": {"id": "Pengaduan", "en": "Complaints"},
    "nav_disaster": {"id": "Siaga Bencana", "en": "Disaster alerts"},
    "nav_sipakai": {"id": "Pantau SiPakai", "en": "SiPakai monitor"},
    "nav_verify": {"id": "Verifikasi dokumen", "en": "Verify a document"},
}
