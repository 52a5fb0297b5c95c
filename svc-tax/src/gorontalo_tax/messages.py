"""Tax's human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "plate_invalid": {"id": "Nomor polisi tidak valid; contoh DM 1234 AB.", "en": "Invalid number plate; e.g. DM 1234 AB."},
    "plate_not_gorontalo": {"id": "Nomor polisi harus berkode wilayah DM (Gorontalo).", "en": "The number plate must carry Gorontalo's area code DM."},
    "regency_level_required": {"id": "Gunakan kode kabupaten/kota di Gorontalo, misalnya 75.71.", "en": "Use the code of a regency/city of Gorontalo, e.g. 75.71."},
    "vehicle_plate_exists": {"id": "Kendaraan dengan nomor polisi {plate_number} sudah terdaftar.", "en": "A vehicle with number plate {plate_number} is registered already."},
    "registration_conflict": {"id": "Pendaftaran bersamaan terdeteksi; silakan coba lagi.", "en": "A concurrent registration got in the way; please try again."},
})
