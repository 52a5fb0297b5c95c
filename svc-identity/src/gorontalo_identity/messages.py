"""Identity's human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "nik_not_16_digits": {"id": "NIK harus 16 digit angka.", "en": "NIK must be 16 digits."},
    "nik_province_unknown": {"id": "Dua digit pertama NIK bukan kode provinsi yang ada.", "en": "The first two digits of the NIK are not an existing province code."},
    "nik_regency_unknown": {"id": "Digit 3-4 NIK bukan kode kabupaten/kota di Gorontalo.", "en": "NIK digits 3-4 are not a regency/city code of Gorontalo."},
    "nik_district_unknown": {"id": "Digit 5-6 NIK bukan kode kecamatan yang ada.", "en": "NIK digits 5-6 are not an existing district code."},
    "nik_birth_date_invalid": {"id": "Digit 7-12 NIK bukan tanggal lahir yang nyata.", "en": "NIK digits 7-12 are not a real birth date."},
    "nik_birth_date_mismatch": {"id": "Tanggal lahir pada NIK tidak sesuai dengan tanggal lahir yang diisi.", "en": "The birth date in the NIK does not match the stated birth date."},
    "nik_sex_mismatch": {"id": "Jenis kelamin pada NIK tidak sesuai.", "en": "The sex encoded in the NIK does not match."},
    "nik_serial_zero": {"id": "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.", "en": "The NIK serial (last 4 digits) cannot be 0000."},
    "phone_invalid": {"id": "Nomor HP tidak valid; contoh 081234567890.", "en": "Invalid mobile number; e.g. 081234567890."},
    "password_weak": {"id": "Kata sandi minimal {min} karakter.", "en": "The password needs at least {min} characters."},
    "birth_date_future": {"id": "Tanggal lahir tidak boleh di masa depan.", "en": "The birth date cannot be in the future."},
    "account_exists": {"id": "Akun untuk data ini sudah ada; silakan masuk.", "en": "An account for these details exists already; please sign in."},
    "login_failed": {"id": "NIK/nomor HP atau kata sandi salah.", "en": "Wrong NIK/phone number or password."},
    "account_locked": {"id": "Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi setelah {minutes} menit.", "en": "The account is locked after too many failed attempts. Try again in {minutes} minutes."},
})
