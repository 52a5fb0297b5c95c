"""Words of the disaster pages (/siaga) and of the installable app (offline page, drafts)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "disaster_title": {"id": "Siaga Bencana", "en": "Disaster alerts"},
    "disaster_intro": {
        "id": "Laporkan bencana di sekitar Anda, dengan atau tanpa akun, dan pantau peringatan BPBD.",
        "en": "Report a disaster near you, with or without an account, and follow the BPBD's alerts.",
    },
    # Alerts
    "disaster_alerts_heading": {"id": "Peringatan aktif", "en": "Active alerts"},
    "disaster_region_label": {"id": "Wilayah", "en": "Region"},
    "disaster_region_all": {"id": "Seluruh Provinsi Gorontalo", "en": "All of Gorontalo Province"},
    "disaster_region_button": {"id": "Tampilkan", "en": "Show"},
    "disaster_alerts_none": {
        "id": "Tidak ada peringatan aktif untuk wilayah ini.",
        "en": "No active alerts for this region.",
    },
    "disaster_alerts_unknown": {
        "id": "Peringatan belum dapat dimuat. Coba lagi sebentar lagi.",
        "en": "The alerts could not be loaded. Please try again shortly.",
    },
    "disaster_live_waiting": {
        "id": "Peringatan baru akan muncul di sini tanpa memuat ulang halaman.",
        "en": "New alerts appear here without reloading the page.",
    },
    "disaster_live_on": {
        "id": "Tersambung: peringatan baru tampil langsung.",
        "en": "Live: new alerts appear at once.",
    },
    "disaster_live_off": {
        "id": "Sambungan langsung terputus; mencoba lagi.",
        "en": "The live connection dropped; trying again.",
    },
    "disaster_live_new": {"id": "Peringatan baru", "en": "New alert"},
    "disaster_alert_expires": {"id": "Berlaku sampai", "en": "In effect until"},
    "disaster_alert_sent": {"id": "Dikeluarkan", "en": "Issued"},
    "disaster_alert_update": {"id": "Pembaruan", "en": "Update"},
    "disaster_alert_source_bmkg": {"id": "BMKG", "en": "BMKG"},
    "disaster_alert_source_bpbd": {"id": "BPBD", "en": "BPBD"},
    "disaster_alert_cap": {"id": "Dokumen CAP", "en": "CAP document"},
    "disaster_severity_Extreme": {"id": "Ekstrem", "en": "Extreme"},
    "disaster_severity_Severe": {"id": "Parah", "en": "Severe"},
    "disaster_severity_Moderate": {"id": "Sedang", "en": "Moderate"},
    "disaster_severity_Minor": {"id": "Ringan", "en": "Minor"},
    "disaster_severity_Unknown": {"id": "Belum diketahui", "en": "Unknown"},
    # Report form
    "disaster_report_heading": {"id": "Laporkan bencana", "en": "Report a disaster"},
    "disaster_report_intro": {
        "id": "Tidak perlu akun. Jika Anda masuk, laporan tercatat atas nama akun Anda.",
        "en": "No account needed. When you are logged in, the report is filed under your account.",
    },
    "disaster_report_signed_in": {
        "id": "Anda masuk: laporan tercatat atas nama akun Anda.",
        "en": "You are logged in: the report is filed under your account.",
    },
    "disaster_field_hazard": {"id": "Jenis bencana", "en": "Kind of disaster"},
    "disaster_field_hazard_choose": {"id": "Pilih jenis bencana", "en": "Choose the kind"},
    "disaster_location_legend": {"id": "Lokasi kejadian", "en": "Where it happens"},
    "disaster_location_help": {
        "id": "Pakai lokasi HP Anda, atau pilih kecamatan bila lokasi tidak tersedia.",
        "en": "Use your phone's location, or choose the district when it is not available.",
    },
    "disaster_geolocate": {"id": "Pakai lokasi saya", "en": "Use my location"},
    "disaster_geolocating": {"id": "Mencari lokasi…", "en": "Finding your location…"},
    "disaster_geolocated": {"id": "Lokasi terisi.", "en": "Location filled in."},
    "disaster_geolocate_failed": {
        "id": "Lokasi tidak tersedia. Pilih kecamatan.",
        "en": "Location not available. Choose the district.",
    },
    "disaster_field_latitude": {"id": "Lintang (latitude)", "en": "Latitude"},
    "disaster_field_longitude": {"id": "Bujur (longitude)", "en": "Longitude"},
    "disaster_field_district": {"id": "Kecamatan", "en": "District (kecamatan)"},
    "disaster_field_district_choose": {"id": "Pilih kecamatan", "en": "Choose the district"},
    "disaster_location_missing": {
        "id": "Isi lokasi: pakai lokasi HP atau pilih kecamatan.",
        "en": "Give the location: use the phone's location or choose the district.",
    },
    "disaster_location_invalid": {
        "id": "Lintang dan bujur harus berupa angka.",
        "en": "Latitude and longitude must be numbers.",
    },
    "disaster_field_description": {"id": "Keterangan", "en": "What you see"},
    "disaster_casualties_legend": {"id": "Korban dan kerusakan (bila ada)", "en": "Casualties and damage (if any)"},
    "disaster_field_dead": {"id": "Meninggal", "en": "Dead"},
    "disaster_field_missing": {"id": "Hilang", "en": "Missing"},
    "disaster_field_injured": {"id": "Luka-luka", "en": "Injured"},
    "disaster_field_displaced": {"id": "Mengungsi", "en": "Displaced"},
    "disaster_field_houses_damaged": {"id": "Rumah rusak", "en": "Houses damaged"},
    "disaster_count_invalid": {"id": "Isi dengan angka 0 atau lebih.", "en": "Enter a number, 0 or more."},
    "disaster_field_phone": {
        "id": "Nomor HP untuk dihubungi BPBD (tidak wajib)",
        "en": "Mobile number for the BPBD to call back (optional)",
    },
    "disaster_field_photo": {
        "id": "Foto (tidak wajib, JPEG/PNG, maks. 5 MB)",
        "en": "Photo (optional, JPEG/PNG, max 5 MB)",
    },
    "disaster_photo_too_large": {"id": "Foto lebih dari 5 MB.", "en": "The photo is larger than 5 MB."},
    "disaster_report_button": {"id": "Kirim laporan", "en": "Send the report"},
    "disaster_report_done_title": {"id": "Laporan diterima", "en": "Report received"},
    "disaster_report_done": {
        "id": "Terima kasih. Laporan Anda sudah diterima BPBD. Sebutkan kode ini bila dihubungi:",
        "en": "Thank you. The BPBD has received your report. Quote this code when contacted:",
    },
    "disaster_report_region": {"id": "Wilayah", "en": "Region"},
    "disaster_report_received_at": {"id": "Diterima", "en": "Received"},
    "disaster_report_incident": {
        "id": "Laporan ini sudah digabungkan dengan kejadian yang dipantau BPBD.",
        "en": "This report has been joined to an incident the BPBD follows.",
    },
    "disaster_report_photos": {"id": "Foto terlampir", "en": "Photos attached"},
    "disaster_report_verified": {"id": "Pelapor terverifikasi (akun)", "en": "Verified reporter (account)"},
    "disaster_back": {"id": "Kembali ke Siaga Bencana", "en": "Back to disaster alerts"},
    # SMS
    "disaster_sms_heading": {"id": "Tanpa internet? Kirim SMS", "en": "No data? Send an SMS"},
    "disaster_sms_intro": {
        "id": "Bila data seluler tidak jalan, kirim SMS ke nomor SMS Siaga BPBD dengan format:",
        "en": "When mobile data fails, send an SMS to the BPBD's Siaga SMS number in this format:",
    },
    "disaster_sms_example": {"id": "Contoh:", "en": "Example:"},
    "disaster_sms_hazards": {
        "id": "Kata bencana: BANJIR, BANDANG, LONGSOR, GEMPA, TSUNAMI, KEBAKARAN, KARHUTLA, ANGIN, ABRASI, "
        "KEKERINGAN, ERUPSI. Wilayah: nama kecamatan atau desa, atau kode wilayah (misalnya 750301).",
        "en": "Disaster words: BANJIR (flood), BANDANG (flash flood), LONGSOR (landslide), GEMPA (earthquake), "
        "TSUNAMI, KEBAKARAN (fire), KARHUTLA (forest fire), ANGIN (whirlwind), ABRASI (tidal waves), "
        "KEKERINGAN (drought), ERUPSI (eruption). Region: the name of the district or village, or its code "
        "(e.g. 750301).",
    },
    # Nearby
    "disaster_nearby_heading": {"id": "Kejadian di sekitar saya", "en": "Incidents near me"},
    "disaster_nearby_intro": {
        "id": "Kejadian bencana yang sedang dipantau dalam radius 25 km.",
        "en": "Disaster incidents being followed within 25 km.",
    },
    "disaster_nearby_button": {"id": "Cari kejadian", "en": "Find incidents"},
    "disaster_nearby_none": {"id": "Tidak ada kejadian di sekitar lokasi ini.", "en": "No incidents near this place."},
    "disaster_nearby_place": {"id": "Sekitar", "en": "Around"},
    "disaster_incident_reports": {"id": "Jumlah laporan", "en": "Reports"},
    "disaster_incident_last": {"id": "Laporan terakhir", "en": "Last report"},
    "disaster_incident_status_reported": {"id": "Dilaporkan warga", "en": "Reported by residents"},
    "disaster_incident_status_verified": {"id": "Diverifikasi BPBD", "en": "Verified by the BPBD"},
    "disaster_incident_status_responding": {"id": "Sedang ditangani", "en": "Being responded to"},
    "disaster_incident_status_recovering": {"id": "Pemulihan", "en": "Recovering"},
    "disaster_incident_status_closed": {"id": "Selesai", "en": "Closed"},
    "disaster_incident_status_dismissed": {"id": "Tidak terbukti", "en": "Dismissed"},
    # Hazards (the platform's codes)
    "disaster_hazard_banjir": {"id": "Banjir", "en": "Flood"},
    "disaster_hazard_banjir_bandang": {"id": "Banjir bandang", "en": "Flash flood"},
    "disaster_hazard_tanah_longsor": {"id": "Tanah longsor", "en": "Landslide"},
    "disaster_hazard_gempa_bumi": {"id": "Gempa bumi", "en": "Earthquake"},
    "disaster_hazard_tsunami": {"id": "Tsunami", "en": "Tsunami"},
    "disaster_hazard_kebakaran_hutan_lahan": {"id": "Kebakaran hutan dan lahan", "en": "Forest and land fire"},
    "disaster_hazard_kebakaran_permukiman": {"id": "Kebakaran permukiman", "en": "House fire"},
    "disaster_hazard_angin_puting_beliung": {"id": "Angin puting beliung", "en": "Whirlwind"},
    "disaster_hazard_gelombang_pasang_abrasi": {"id": "Gelombang pasang / abrasi", "en": "Tidal waves / abrasion"},
    "disaster_hazard_kekeringan": {"id": "Kekeringan", "en": "Drought"},
    "disaster_hazard_erupsi": {"id": "Erupsi gunung api", "en": "Volcanic eruption"},
    # The installable app: offline page
    "pwa_offline_title": {"id": "Tidak ada sambungan", "en": "No connection"},
    "pwa_offline_text": {
        "id": "Halaman ini belum tersimpan di HP ini. Halaman yang pernah Anda buka (linimasa, identitas, "
        "izin, pajak) tetap bisa dibuka tanpa sambungan.",
        "en": "This page is not saved on this phone yet. Pages you opened before (timeline, ID, permits, "
        "taxes) still open without a connection.",
    },
    "pwa_offline_draft": {
        "id": "Laporan yang Anda tulis tanpa sambungan disimpan di HP dan dikirim otomatis saat tersambung.",
        "en": "Reports you write without a connection are kept on the phone and sent when it reconnects.",
    },
    "pwa_offline_retry": {"id": "Coba lagi", "en": "Try again"},
    "pwa_app_description": {
        "id": "Layanan publik Provinsi Gorontalo dalam satu aplikasi.",
        "en": "The public services of Gorontalo Province in one app.",
    },
}
