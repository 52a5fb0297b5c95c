"""Words of the tax pages."""

TEXTS: dict[str, dict[str, str]] = {
    "tax_title": {"id": "Pajak saya", "en": "My taxes"},
    "tax_province": {"id": "Provinsi Gorontalo", "en": "Gorontalo Province"},
    "tax_bills_heading": {"id": "Tagihan", "en": "Bills"},
    "tax_bills_empty": {
        "id": "Belum ada tagihan. Tagihan tahunan diterbitkan Bapenda untuk kendaraan dan tanah/bangunan Anda.",
        "en": "No bills yet. Bapenda issues the annual bills of your vehicles and land/buildings.",
    },
    "tax_vehicles_heading": {"id": "Kendaraan saya", "en": "My vehicles"},
    "tax_vehicles_empty": {"id": "Belum ada kendaraan.", "en": "No vehicles yet."},
    "tax_properties_heading": {"id": "Tanah dan bangunan saya", "en": "My land and buildings"},
    "tax_properties_empty": {
        "id": "Belum ada tanah atau bangunan yang tertagih atas nama Anda.",
        "en": "No land or buildings billed in your name yet.",
    },
    "tax_nop": {"id": "NOP", "en": "Tax object number (NOP)"},
    "tax_annual_pkb": {"id": "PKB setahun", "en": "Annual PKB"},
    "tax_model_year_short": {"id": "Tahun", "en": "Year"},
    "tax_register_heading": {"id": "Daftarkan kendaraan", "en": "Register a vehicle"},
    "tax_register_intro": {
        "id": "Kendaraan berpelat DM milik Anda menjadi objek PKB. Tagihannya diterbitkan Bapenda tiap tahun.",
        "en": "A DM-plated vehicle you own becomes a PKB tax object. Bapenda issues its bill every year.",
    },
    "tax_field_plate": {"id": "Nomor polisi (contoh DM 1234 AB)", "en": "Number plate (e.g. DM 1234 AB)"},
    "tax_field_vehicle_type": {"id": "Jenis kendaraan", "en": "Vehicle type"},
    "tax_field_model_year": {"id": "Tahun pembuatan", "en": "Model year"},
    "tax_field_taxable_value": {"id": "Nilai jual (NJKB, rupiah)", "en": "Taxable value (NJKB, rupiah)"},
    "tax_field_regency": {"id": "Kabupaten/kota pemilik", "en": "Owner's regency/city"},
    "tax_choose": {"id": "Pilih\u2026", "en": "Choose\u2026"},
    "tax_register_button": {"id": "Daftarkan", "en": "Register"},
    "tax_vehicle_sepeda_motor": {"id": "Sepeda motor", "en": "Motorcycle"},
    "tax_vehicle_mobil_penumpang": {"id": "Mobil penumpang", "en": "Passenger car"},
    "tax_vehicle_mobil_barang": {"id": "Mobil barang", "en": "Goods vehicle"},
    "tax_vehicle_bus": {"id": "Bus", "en": "Bus"},
    "tax_error_whole_number": {"id": "Isi dengan angka bulat.", "en": "Enter a whole number."},
    "tax_vehicle_registered": {
        "id": "Kendaraan {plate} terdaftar. Tagihan PKB-nya muncul di sini setelah diterbitkan Bapenda.",
        "en": "Vehicle {plate} is registered. Its PKB bill appears here once Bapenda issues it.",
    },
    "tax_claim_heading": {"id": "Objek pajak atas NIK saya", "en": "Tax objects under my NIK"},
    "tax_claim_intro": {
        "id": "Bapenda mencatat kendaraan dan tanah/bangunan atas NIK pemiliknya. Klaim agar semuanya, "
        "beserta tagihannya, tampil di sini.",
        "en": "Bapenda records vehicles and land/buildings under their owner's NIK. Claim them to see them "
        "and their bills here.",
    },
    "tax_claim_button": {"id": "Klaim objek pajak saya", "en": "Claim my tax objects"},
    "tax_claim_needs_check": {
        "id": "Klaim memerlukan pemeriksaan identitas tatap muka (tingkat jaminan 2), agar tidak ada yang "
        "mengambil objek pajak orang lain dengan fotokopi KTP.",
        "en": "Claiming needs an in-person identity check (assurance level 2), so that nobody takes someone "
        "else's tax objects with a KTP photocopy.",
    },
    "tax_claim_check_link": {"id": "Mulai pemeriksaan tatap muka", "en": "Start the in-person check"},
    "tax_claimed": {
        "id": "Objek atas NIK Anda: {vehicles} kendaraan, {properties} tanah/bangunan, {bills} tagihan.",
        "en": "Objects under your NIK: {vehicles} vehicles, {properties} land/buildings, {bills} bills.",
    },
    "tax_type_pkb": {"id": "Pajak Kendaraan Bermotor (PKB)", "en": "Motor vehicle tax (PKB)"},
    "tax_type_pbb": {"id": "PBB-P2 (tanah dan bangunan)", "en": "Land and building tax (PBB-P2)"},
    "tax_type_retribusi": {"id": "Retribusi", "en": "Fee (retribusi)"},
    "tax_status_unpaid": {"id": "Belum dibayar", "en": "Unpaid"},
    "tax_status_paid": {"id": "Lunas", "en": "Paid"},
    "tax_status_cancelled": {"id": "Dibatalkan", "en": "Cancelled"},
    "tax_total_now": {"id": "Total saat ini", "en": "Total now"},
    "tax_penalty_included": {"id": "termasuk denda", "en": "penalty included"},
    "tax_bill_title": {"id": "Tagihan pajak", "en": "Tax bill"},
    "tax_back": {"id": "Kembali ke Pajak saya", "en": "Back to My taxes"},
    "tax_lines_heading": {"id": "Rincian", "en": "Breakdown"},
    "tax_line": {"id": "Uraian", "en": "Item"},
    "tax_credited_to": {"id": "Untuk kas", "en": "Credited to"},
    "tax_line_pkb": {"id": "PKB", "en": "PKB"},
    "tax_line_opsen_pkb": {"id": "Opsen PKB", "en": "PKB surcharge (opsen)"},
    "tax_line_pbb": {"id": "PBB-P2", "en": "PBB-P2"},
    "tax_line_retribusi": {"id": "Retribusi", "en": "Fee"},
    "tax_line_penalty": {"id": "Denda keterlambatan ({months} bulan)", "en": "Late penalty ({months} months)"},
    "tax_principal": {"id": "Pokok", "en": "Principal"},
    "tax_penalty": {"id": "Denda", "en": "Penalty"},
    "tax_as_of": {
        "id": "Denda dihitung per {when}: 1% pokok untuk setiap bulan keterlambatan, paling banyak 24 bulan.",
        "en": "Penalty as of {when}: 1% of the principal for each month late, at most 24 months.",
    },
    "tax_kind": {"id": "Jenis pajak", "en": "Tax"},
    "tax_year": {"id": "Tahun pajak", "en": "Tax year"},
    "tax_checkout_heading": {"id": "Bayar tagihan", "en": "Pay this bill"},
    "tax_checkout_intro": {
        "id": "Minta kode bayar, lalu bayar di bank atau kantor pos. Kode bayar menyebut jumlah tepat yang harus dibayar.",
        "en": "Ask for a billing code (kode bayar), then pay at a bank or post office. The code states the "
        "exact amount to pay.",
    },
    "tax_checkout_button": {"id": "Dapatkan kode bayar", "en": "Get a billing code"},
    "tax_code_heading": {"id": "Kode bayar", "en": "Billing code (kode bayar)"},
    "tax_code_amount": {"id": "Jumlah yang dibayar", "en": "Amount to pay"},
    "tax_code_valid_until": {"id": "Berlaku sampai", "en": "Valid until"},
    "tax_how_to_pay": {"id": "Cara membayar", "en": "How to pay"},
    "tax_pay_steps": {
        "id": "Teller, ATM atau mobile banking Bank SulutGo: menu Pembayaran \u203a Pajak Daerah, masukkan "
        "kode bayar.|Kantor Pos: sebutkan kode bayar kepada petugas loket.|Bayar tepat sejumlah di atas "
        "sebelum kode berakhir; jumlah yang kurang atau lebih ditolak.|Setelah bank mencatat pembayaran, "
        "tagihan ini berstatus Lunas dan bukti bayarnya tampil di sini.",
        "en": "Bank SulutGo teller, ATM or mobile banking: Payments \u203a Regional tax, enter the billing "
        "code.|Post office: tell the counter clerk the billing code.|Pay exactly the amount above before "
        "the code ends; a smaller or larger amount is refused.|Once the bank records the payment, this bill "
        "is Paid and its receipt is shown here.",
    },
    "tax_code_again": {
        "id": "Kode bayar sudah berakhir? Minta lagi: kode yang masih berlaku tidak berubah.",
        "en": "Has the code ended? Ask again: a code still valid stays the same.",
    },
    "tax_paid_at": {"id": "Dibayar", "en": "Paid"},
    "tax_amount_paid": {"id": "Jumlah dibayar", "en": "Amount paid"},
    "tax_receipt_link": {"id": "Lihat bukti bayar", "en": "See the receipt"},
    "tax_cancelled_at": {"id": "Dibatalkan", "en": "Cancelled"},
    "tax_receipt_title": {"id": "Bukti bayar", "en": "Receipt"},
    "tax_receipt_number": {"id": "Nomor bukti bayar (NTPD)", "en": "Receipt number (NTPD)"},
    "tax_channel": {"id": "Dibayar melalui", "en": "Paid through"},
    "tax_authority": {"id": "Pemungut", "en": "Levied by"},
    "tax_receipt_pdf": {"id": "Unduh bukti bayar (PDF)", "en": "Download the receipt (PDF)"},
    "tax_receipt_verify": {
        "id": "Kode QR pada PDF dapat diperiksa siapa saja, juga tanpa internet.",
        "en": "Anyone can check the QR code on the PDF, even without internet.",
    },
    "tax_bill_link": {"id": "Lihat tagihan", "en": "See the bill"},
}
