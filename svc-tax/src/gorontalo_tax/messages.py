"""Tax's human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "plate_invalid": {"id": "Nomor polisi tidak valid; contoh DM 1234 AB.", "en": "Invalid number plate; e.g. DM 1234 AB."},
    "plate_not_gorontalo": {"id": "Nomor polisi harus berkode wilayah DM (Gorontalo).", "en": "The number plate must carry Gorontalo's area code DM."},
    "regency_level_required": {"id": "Gunakan kode kabupaten/kota di Gorontalo, misalnya 75.71.", "en": "Use the code of a regency/city of Gorontalo, e.g. 75.71."},
    "vehicle_plate_exists": {"id": "Kendaraan dengan nomor polisi {plate_number} sudah terdaftar.", "en": "A vehicle with number plate {plate_number} is registered already."},
    "registration_conflict": {"id": "Pendaftaran bersamaan terdeteksi; silakan coba lagi.", "en": "A concurrent registration got in the way; please try again."},
})

i18n.register({
    "nop_invalid": {"id": "NOP tidak valid; 18 angka, contoh 75.71.010.001.001-0001.0.", "en": "Invalid NOP; 18 digits, e.g. 75.71.010.001.001-0001.0."},
    "nop_not_gorontalo": {"id": "NOP bukan objek pajak di Provinsi Gorontalo.", "en": "The NOP is not a tax object in Gorontalo Province."},
    "nik_invalid": {"id": "NIK tidak valid.", "en": "Invalid NIK."},
    "duplicate_in_file": {"id": "Objek ini muncul lebih dari sekali dalam berkas.", "en": "This object appears more than once in the file."},
    "object_exists_differs": {"id": "Objek sudah terdaftar dengan data lain.", "en": "The object is registered already with other data."},
    "columns_missing": {"id": "Kolom berkas kurang.", "en": "The file lacks columns."},
    "bill_not_payable": {"id": "Tagihan ini tidak dapat dibayar.", "en": "This bill cannot be paid."},
    "caller_invalid": {"id": "Nama pemanggil hanya huruf kecil, angka dan tanda hubung, misalnya permits.", "en": "The caller name takes lowercase letters, digits and hyphens only, e.g. permits."},
    "date_invalid": {"id": "Tanggal tidak valid; gunakan format TTTT-BB-HH.", "en": "Invalid date; use YYYY-MM-DD."},
    "due_date_past": {"id": "Tanggal jatuh tempo tidak boleh di masa lalu.", "en": "The due date may not be in the past."},
    "fee_reference_conflict": {"id": "Referensi {caller_reference} sudah dipakai untuk tagihan lain.", "en": "Reference {caller_reference} is used already for another bill."},
})

i18n.register({
    "identity_mismatch": {"id": "Data akun dari layanan identitas tidak sesuai dengan token.", "en": "The identity service's account does not match the token."},
    "objects_claimed_elsewhere": {"id": "Objek pajak atas NIK ini sudah diklaim oleh akun lain; hubungi Bapenda.", "en": "The tax objects of this NIK are claimed by another account already; contact Bapenda."},
    "identity_unavailable": {"id": "Layanan identitas sedang tidak tersedia; silakan coba lagi.", "en": "The identity service is unavailable; please try again."},
})

i18n.register({
    "signature_missing": {"id": "Notifikasi pembayaran tanpa kanal, stempel waktu atau tanda tangan.", "en": "The payment notification lacks its channel, timestamp or signature."},
    "channel_unknown": {"id": "Kanal pembayaran tidak dikenal.", "en": "Unknown payment channel."},
    "signature_invalid": {"id": "Tanda tangan notifikasi pembayaran tidak sah.", "en": "The payment notification's signature is invalid."},
    "timestamp_stale": {"id": "Stempel waktu notifikasi berselisih lebih dari 5 menit; kirim ulang dengan waktu sekarang.", "en": "The notification's timestamp is more than 5 minutes off; resend it with the current time."},
    "notification_invalid": {"id": "Isi notifikasi tidak valid: perlu transaction_id, billing_code dan amount (bilangan bulat rupiah).", "en": "Invalid notification body: transaction_id, billing_code and amount (whole rupiah) are required."},
    "transaction_id_reused": {"id": "ID transaksi ini sudah dipakai untuk notifikasi dengan isi lain.", "en": "This transaction id was used already for a notification with other content."},
    "billing_code_unknown": {"id": "Kode bayar tidak dikenal.", "en": "Unknown billing code."},
    "billing_code_expired": {"id": "Kode bayar sudah kedaluwarsa; wajib pajak perlu meminta kode baru.", "en": "The billing code has expired; the taxpayer needs a new one."},
    "amount_mismatch": {"id": "Jumlah bayar tidak sama dengan jumlah kode bayar; hanya pembayaran penuh yang diterima.", "en": "The amount differs from the billing code's amount; only payment in full is accepted."},
    "bill_already_paid": {"id": "Tagihan ini sudah lunas.", "en": "This bill is paid already."},
    "bill_cancelled": {"id": "Tagihan ini sudah dibatalkan oleh instansi penerbitnya dan tidak dapat dibayar; jangan terima pembayaran untuk kode bayarnya.", "en": "This bill was cancelled by the office that issued it and cannot be paid; do not take payment for its billing code."},
    "receipt_number_invalid": {"id": "Nomor bukti bayar tidak valid; contoh 75-2026-00000012-0.", "en": "Invalid receipt number; e.g. 75-2026-00000012-0."},
    "receipt_not_found": {"id": "Bukti bayar tidak ditemukan.", "en": "Receipt not found."},
    "notifications_rate_limited": {"id": "Terlalu banyak notifikasi tidak sah dari alamat ini; coba lagi sebentar lagi.", "en": "Too many unauthenticated notifications from this address; try again shortly."},
    "notification_busy": {"id": "Notifikasi lain untuk tagihan ini sedang diproses; kirim ulang.", "en": "Another notification for this bill is being processed; send it again."},
    "channel_invalid": {"id": "Kode kanal hanya huruf kecil, angka dan tanda hubung.", "en": "Channel ids take lowercase letters, digits and hyphens only."},
})

i18n.register({
    "not_tax_office": {"id": "Hanya petugas Bapenda yang dapat melihat data pajak.",
                       "en": "Only Bapenda officers can see tax records."},
})

i18n.register({
    "bill_paid_not_cancellable": {"id": "Tagihan ini sudah lunas sehingga tidak dapat dibatalkan.",
                                  "en": "This bill is paid already, so it cannot be cancelled."},
    "bill_not_cancellable": {"id": "Hanya tagihan retribusi yang diminta layanan lain yang dapat dibatalkan; ketetapan pajak dikoreksi melalui prosedur Bapenda.",
                             "en": "Only fee bills asked for by another service can be cancelled; tax assessments are corrected through Bapenda's procedure."},
    "not_bill_caller": {"id": "Hanya layanan yang meminta tagihan ini (dengan referensinya) atau petugas Bapenda yang berwenang yang dapat membatalkannya.",
                        "en": "Only the service that asked for this bill (naming its reference) or a Bapenda officer in charge may cancel it."},
})
