"""Words of /verifikasi: checking a permit, a tax receipt or a digital ID (IKD) by number or QR code."""

TEXTS: dict[str, dict[str, str]] = {
    "verifikasi_title": {"id": "Verifikasi dokumen", "en": "Verify a document"},
    "verifikasi_lead": {
        "id": "Periksa keaslian izin usaha, bukti bayar pajak daerah, atau identitas digital (IKD). "
        "Tidak perlu masuk akun.",
        "en": "Check that a business permit, a regional tax receipt or a digital ID is genuine. No account needed.",
    },
    "verifikasi_field": {
        "id": "Nomor izin, nomor bukti bayar (NTPD), atau isi kode QR",
        "en": "Permit number, receipt number (NTPD), or the QR code's text",
    },
    "verifikasi_hint": {
        "id": "Contoh: 7571-DPMPTSP-2026-000001 atau 75-2026-00000012-0. Isi kode QR boleh berupa tautan "
        "…/verifikasi#… atau kode panjang bertitik.",
        "en": "For example 7571-DPMPTSP-2026-000001 or 75-2026-00000012-0. A QR code's text may be a "
        "…/verifikasi#… link or a long dotted code.",
    },
    "verifikasi_button": {"id": "Periksa", "en": "Check"},
    "verifikasi_noscript": {
        "id": "JavaScript mati: jika halaman ini dibuka dari kode QR, salin seluruh alamat dari bilah alamat "
        "peramban, tempel di kotak di bawah, lalu tekan Periksa.",
        "en": "JavaScript is off: if a QR code opened this page, copy the whole address from the browser's "
        "address bar, paste it into the box below and press Check.",
    },
    "verifikasi_empty": {
        "id": "Isi nomor izin, nomor bukti bayar, atau isi kode QR.",
        "en": "Enter a permit number, a receipt number or a QR code's text.",
    },
    "verifikasi_unrecognised": {
        "id": "Tidak dikenali. Masukkan nomor izin (mis. 7571-DPMPTSP-2026-000001), nomor bukti bayar "
        "(mis. 75-2026-00000012-0), atau isi kode QR.",
        "en": "Not recognised. Enter a permit number (e.g. 7571-DPMPTSP-2026-000001), a receipt number "
        "(e.g. 75-2026-00000012-0) or a QR code's text.",
    },
    # the scanner
    "verifikasi_scan_heading": {"id": "Pindai kode QR", "en": "Scan a QR code"},
    "verifikasi_camera_button": {"id": "Buka kamera", "en": "Open the camera"},
    "verifikasi_camera_stop": {"id": "Tutup kamera", "en": "Close the camera"},
    "verifikasi_photo_label": {"id": "Atau pilih foto kode QR", "en": "Or choose a photo of the QR code"},
    "verifikasi_scan_looking": {
        "id": "Arahkan kamera ke kode QR…",
        "en": "Point the camera at the QR code…",
    },
    "verifikasi_scan_none": {
        "id": "Kode QR tidak terbaca. Coba foto yang lebih terang dan tajam, atau tempel isinya.",
        "en": "No QR code could be read. Try a brighter, sharper photo, or paste its text.",
    },
    "verifikasi_camera_failed": {
        "id": "Kamera tidak dapat dibuka. Pilih foto kode QR atau tempel isinya.",
        "en": "The camera could not be opened. Choose a photo of the QR code or paste its text.",
    },
    "verifikasi_checking": {"id": "Memeriksa…", "en": "Checking…"},
    # verdicts
    "verifikasi_verdict_valid": {"id": "SAH", "en": "VALID"},
    "verifikasi_verdict_revoked": {"id": "DICABUT", "en": "REVOKED"},
    "verifikasi_verdict_expired": {"id": "KEDALUWARSA", "en": "EXPIRED"},
    "verifikasi_verdict_invalid": {"id": "TIDAK SAH", "en": "NOT VALID"},
    "verifikasi_verdict_not_found": {"id": "TIDAK DITEMUKAN", "en": "NOT FOUND"},
    "verifikasi_verdict_unavailable": {"id": "BELUM DAPAT DIPERIKSA", "en": "CANNOT BE CHECKED YET"},
    "verifikasi_kind_credential": {"id": "Identitas digital (IKD)", "en": "Digital ID"},
    "verifikasi_kind_permit": {"id": "Izin usaha", "en": "Business permit"},
    "verifikasi_kind_receipt": {"id": "Bukti bayar pajak daerah", "en": "Regional tax receipt"},
    "verifikasi_reason_bad_signature": {
        "id": "Tanda tangan digital tidak cocok dengan kunci Pemprov Gorontalo: kode ini palsu atau telah diubah.",
        "en": "The digital signature does not match the Gorontalo government's keys: this code is forged or altered.",
    },
    "verifikasi_reason_malformed": {
        "id": "Kode ini rusak atau bukan kode dari Pemprov Gorontalo.",
        "en": "This code is damaged or was not issued by the Gorontalo government.",
    },
    "verifikasi_reason_revoked": {
        "id": "Dokumen ini pernah diterbitkan tetapi sudah dicabut: jangan diterima.",
        "en": "This document was issued but has been revoked: do not accept it.",
    },
    "verifikasi_reason_expired": {
        "id": "Masa berlaku identitas digital ini sudah habis.",
        "en": "This digital ID has expired.",
    },
    "verifikasi_reason_not_found": {
        "id": "Nomor ini tidak terdaftar. Periksa kembali penulisannya.",
        "en": "This number is not on record. Check how it is written.",
    },
    "verifikasi_reason_unpaid": {
        "id": "Nomor ini tidak tercatat sebagai pembayaran yang sah.",
        "en": "This number is not recorded as a valid payment.",
    },
    "verifikasi_reason_unavailable": {
        "id": "Layanan pemeriksaan sedang tidak dapat dihubungi. Coba lagi sebentar lagi.",
        "en": "The checking service cannot be reached right now. Try again shortly.",
    },
    "verifikasi_reason_offline_number": {
        "id": "Tidak ada jaringan: nomor izin dan nomor bukti bayar hanya dapat diperiksa daring. "
        "Kode QR dapat diperiksa luring.",
        "en": "No network: permit and receipt numbers can only be checked online. QR codes can be checked offline.",
    },
    "verifikasi_reason_no_keys": {
        "id": "Tidak ada jaringan dan kunci publik belum tersimpan di ponsel ini. Buka halaman ini sekali "
        "saat daring, lalu coba lagi.",
        "en": "No network, and the public keys are not stored on this phone yet. Open this page once while "
        "online, then try again.",
    },
    "verifikasi_compare": {
        "id": "Cocokkan data ini dengan dokumen atau orang di depan Anda.",
        "en": "Compare these details with the document or the person in front of you.",
    },
    # how it was checked
    "verifikasi_online": {
        "id": "Diperiksa DARING ke sistem Pemprov Gorontalo",
        "en": "Checked ONLINE with the Gorontalo government's systems",
    },
    "verifikasi_offline": {
        "id": "Diperiksa LURING di ponsel ini dengan kunci publik tersimpan",
        "en": "Checked OFFLINE on this phone with the stored public keys",
    },
    "verifikasi_offline_note": {
        "id": "Tanda tangan dan masa berlaku sudah diperiksa; pencabutan hanya dapat diperiksa daring.",
        "en": "Signature and expiry were checked; revocation can only be checked online.",
    },
    "verifikasi_keys_saved": {"id": "Kunci publik disimpan", "en": "Public keys stored"},
    "verifikasi_signature_ok": {
        "id": "Sah, ditandatangani Pemprov Gorontalo",
        "en": "Valid, signed by the Gorontalo government",
    },
    # facts shown
    "verifikasi_fact_name": {"id": "Nama", "en": "Name"},
    "verifikasi_fact_birth_date": {"id": "Tanggal lahir", "en": "Date of birth"},
    "verifikasi_fact_nik": {"id": "NIK (disamarkan)", "en": "NIK (masked)"},
    "verifikasi_fact_regency": {"id": "Kabupaten/kota", "en": "Regency/city"},
    "verifikasi_fact_expires": {"id": "Berlaku sampai", "en": "Valid until"},
    "verifikasi_fact_credential_id": {"id": "Nomor kredensial", "en": "Credential number"},
    "verifikasi_fact_permit_number": {"id": "Nomor izin", "en": "Permit number"},
    "verifikasi_fact_business": {"id": "Nama usaha", "en": "Business name"},
    "verifikasi_fact_activity": {"id": "Kegiatan usaha (KBLI)", "en": "Business activity (KBLI)"},
    "verifikasi_fact_risk": {"id": "Tingkat risiko", "en": "Risk level"},
    "verifikasi_fact_issued": {"id": "Tanggal terbit", "en": "Issue date"},
    "verifikasi_fact_revoked_at": {"id": "Dicabut pada", "en": "Revoked on"},
    "verifikasi_fact_revocation_reason": {"id": "Alasan pencabutan", "en": "Reason for revocation"},
    "verifikasi_fact_receipt_number": {"id": "Nomor bukti bayar (NTPD)", "en": "Receipt number (NTPD)"},
    "verifikasi_fact_tax": {"id": "Jenis pajak", "en": "Tax"},
    "verifikasi_fact_tax_year": {"id": "Tahun pajak", "en": "Tax year"},
    "verifikasi_fact_amount": {"id": "Jumlah dibayar", "en": "Amount paid"},
    "verifikasi_fact_paid": {"id": "Tanggal bayar (WITA)", "en": "Date paid (WITA)"},
    "verifikasi_fact_authority": {"id": "Penerima", "en": "Collected by"},
    "verifikasi_fact_signature": {"id": "Tanda tangan digital", "en": "Digital signature"},
    "verifikasi_tax_pkb": {"id": "Pajak Kendaraan Bermotor (PKB)", "en": "Motor vehicle tax (PKB)"},
    "verifikasi_tax_pbb": {"id": "PBB-P2", "en": "Land and building tax (PBB-P2)"},
    "verifikasi_tax_retribusi": {"id": "Retribusi daerah", "en": "Regional levy"},
    "verifikasi_risk_rendah": {"id": "Rendah", "en": "Low"},
    "verifikasi_risk_menengah_rendah": {"id": "Menengah rendah", "en": "Medium-low"},
    "verifikasi_risk_menengah_tinggi": {"id": "Menengah tinggi", "en": "Medium-high"},
    "verifikasi_risk_tinggi": {"id": "Tinggi", "en": "High"},
    "verifikasi_bapenda": {"id": "Bapenda", "en": "Bapenda"},
}
