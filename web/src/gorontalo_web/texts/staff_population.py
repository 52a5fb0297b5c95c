"""Words of the Disdukcapil and kelurahan officers' pages (/petugas/kependudukan): the in-person identity
check (level 2) and the takeover repair."""

TEXTS: dict[str, dict[str, str]] = {
    "staff_population_title": {"id": "Layanan kependudukan", "en": "Population services"},
    "staff_population_link": {
        "id": "Kependudukan: pemeriksaan identitas tatap muka dan pemulihan akun",
        "en": "Population: in-person identity checks and account takeover repair",
    },
    "staff_population_scope": {
        "id": "Anda bertindak untuk {agency}, wilayah {jurisdiction}. Hanya warga yang tinggal di wilayah ini yang dapat Anda periksa.",
        "en": "You act for {agency}, area {jurisdiction}. You can only check residents living in this area.",
    },
    "staff_population_not_allowed": {
        "id": "Halaman ini untuk petugas Disdukcapil dan pelayanan kelurahan.",
        "en": "These pages are for Disdukcapil and kelurahan service officers.",
    },
    "staff_population_check_heading": {"id": "Pemeriksaan identitas tatap muka", "en": "In-person identity check"},
    "staff_population_check_intro": {
        "id": "Warga membuka aplikasi Gorontalo Satu, memilih pemeriksaan tatap muka, dan menunjukkan kode sekali pakai (berlaku 10 menit). Ketik atau pindai kode itu, baca NIK dari e-KTP asli yang dibawa warga, cocokkan foto dan wajahnya, lalu konfirmasi. Akun warga naik ke tingkat 2.",
        "en": "The resident opens Gorontalo Satu, chooses the in-person check and shows the one-time code (valid 10 minutes). Type or scan that code, read the NIK from the original e-KTP the resident brought, match photo and face, then confirm. The resident's account rises to level 2.",
    },
    "staff_population_challenge": {
        "id": "Kode pemeriksaan dari aplikasi warga",
        "en": "Check code from the resident's app",
    },
    "staff_population_challenge_hint": {
        "id": "Pemindai kode batang di loket mengetik kode ini langsung ke kolom.",
        "en": "The desk's barcode scanner types this code straight into the field.",
    },
    "staff_population_nik": {"id": "NIK pada e-KTP", "en": "NIK on the e-KTP"},
    "staff_population_nik_hint": {
        "id": "16 angka, dibaca dari e-KTP asli (bukan fotokopi).",
        "en": "16 digits, read from the original e-KTP (not a photocopy).",
    },
    "staff_population_purpose": {
        "id": "Keperluan (tampil di riwayat akses warga)",
        "en": "Purpose (shown in the resident's access log)",
    },
    "staff_population_purpose_default": {
        "id": "Pemeriksaan identitas tatap muka di loket",
        "en": "In-person identity check at the desk",
    },
    "staff_population_new_phone": {"id": "Nomor HP baru (opsional)", "en": "New mobile number (optional)"},
    "staff_population_new_phone_hint": {
        "id": "Hanya bila warga kehilangan nomor lama: nomor lama dilepas, kode dikirim ke nomor baru dan warga memasukkannya di aplikasi.",
        "en": "Only when the resident lost the old number: it is dropped, a code goes to the new number and the resident enters it in the app.",
    },
    "staff_population_check_confirm": {
        "id": "Saya sudah melihat e-KTP asli dan orangnya sama dengan foto pada e-KTP.",
        "en": "I saw the original e-KTP and the person matches its photo.",
    },
    "staff_population_check_button": {"id": "Konfirmasi identitas", "en": "Confirm identity"},
    "staff_population_checked": {"id": "Identitas warga dikonfirmasi.", "en": "The resident's identity is confirmed."},
    "staff_population_checked_who": {"id": "Warga yang diperiksa", "en": "Resident checked"},
    "staff_population_name": {"id": "Nama", "en": "Name"},
    "staff_population_masked_nik": {"id": "NIK (disamarkan)", "en": "NIK (masked)"},
    "staff_population_regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "staff_population_level": {"id": "Tingkat kepastian identitas", "en": "Identity assurance level"},
    "staff_population_status": {"id": "Status akun", "en": "Account status"},
    "staff_population_phone_pending": {
        "id": "Nomor HP baru menunggu kode: minta warga memasukkan kode SMS di aplikasi. Sampai itu, akun warga berada di tingkat 0.",
        "en": "The new number awaits its code: ask the resident to enter the SMS code in the app. Until then the account is at level 0.",
    },
    "staff_population_repair_heading": {
        "id": "Pemulihan akun yang diambil alih",
        "en": "Repairing a taken-over account",
    },
    "staff_population_repair_intro": {
        "id": "Bila orang lain mendaftarkan akun dengan NIK warga (misalnya dari fotokopi KTP), dan pemilik asli datang dengan e-KTP-nya: akun itu ditutup, semua sesi dan kredensialnya dicabut, NIK dan nomor HP dilepas, lalu warga mendaftar ulang sendiri.",
        "en": "When someone else signed up with a resident's NIK (from a KTP photocopy, say) and the real owner comes with the e-KTP: that account is closed, every session and credential revoked, NIK and number released, and the resident signs up again.",
    },
    "staff_population_repair_reason": {
        "id": "Alasan (tampil di riwayat akses warga)",
        "en": "Reason (shown in the resident's access log)",
    },
    "staff_population_repair_confirm": {
        "id": "Saya sudah memeriksa e-KTP asli pemilik NIK ini. Penutupan akun tidak dapat dibatalkan.",
        "en": "I checked the original e-KTP of this NIK's owner. Closing the account cannot be undone.",
    },
    "staff_population_repair_button": {"id": "Tutup akun yang diambil alih", "en": "Close the taken-over account"},
    "staff_population_repaired": {
        "id": "Akun yang diambil alih sudah ditutup. Warga dapat mendaftar ulang dengan NIK dan nomor HP-nya sendiri.",
        "en": "The taken-over account is closed. The resident can sign up again with their own NIK and number.",
    },
    "staff_population_sessions_revoked": {"id": "Sesi dicabut", "en": "Sessions revoked"},
    "staff_population_credentials_revoked": {"id": "Kredensial dicabut", "en": "Credentials revoked"},
    "staff_population_confirm_needed": {
        "id": "Centang pernyataan ini untuk melanjutkan.",
        "en": "Tick this statement to go on.",
    },
    "staff_population_required": {"id": "Wajib diisi.", "en": "Required."},
    "staff_population_nik_invalid": {"id": "NIK terdiri dari 16 angka.", "en": "A NIK has 16 digits."},
    "staff_population_back": {"id": "Kembali ke konsol petugas", "en": "Back to the console"},
}
