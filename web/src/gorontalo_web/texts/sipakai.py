"""Words of the sipakai pages."""

TEXTS: dict[str, dict[str, str]] = {
    "sipakai_title": {"id": "SiPakai: pemantauan pengaduan", "en": "SiPakai: complaints monitor"},
    "sipakai_intro": {
        "id": "Bagaimana instansi di Provinsi Gorontalo menjawab pengaduan warga. Tanpa data pribadi: angka di "
        "bawah 5 ditampilkan sebagai “<5” agar tidak ada pelapor yang dapat dikenali.",
        "en": "How the agencies of Gorontalo province answer residents' complaints. No personal data: numbers "
        "below 5 are shown as “<5” so that no reporter can be singled out.",
    },
    "sipakai_period": {"id": "Periode", "en": "Period"},
    "sipakai_months": {"id": "{n} bulan terakhir", "en": "last {n} months"},
    "sipakai_show": {"id": "Tampilkan", "en": "Show"},
    "sipakai_range": {"id": "Pengaduan yang masuk", "en": "Complaints filed"},
    "sipakai_unavailable": {
        "id": "Angka pengaduan belum dapat dimuat. Coba lagi sebentar lagi.",
        "en": "The complaint figures cannot be loaded right now. Try again shortly.",
    },
    "sipakai_province": {"id": "Provinsi Gorontalo", "en": "Gorontalo province"},
    "sipakai_no_agency": {"id": "Belum diteruskan ke instansi", "en": "Not yet sent to an agency"},
    "sipakai_no_region": {"id": "Tanpa wilayah", "en": "No region"},
    "sipakai_summary": {"id": "Ringkasan", "en": "Summary"},
    "sipakai_received": {"id": "Masuk", "en": "Filed"},
    "sipakai_open": {"id": "Belum selesai", "en": "Open"},
    "sipakai_resolved": {"id": "Selesai", "en": "Resolved"},
    "sipakai_rejected": {"id": "Ditolak", "en": "Rejected"},
    "sipakai_breaches": {"id": "Melewati tenggat", "en": "Deadlines missed"},
    "sipakai_median_days": {"id": "Median hari sampai selesai", "en": "Median days to resolve"},
    "sipakai_within_deadline": {"id": "Dijawab tepat waktu", "en": "Answered in time"},
    "sipakai_rating": {"id": "Nilai rata-rata (1–5)", "en": "Average rating (1–5)"},
    "sipakai_by_agency": {"id": "Menurut instansi", "en": "By agency"},
    "sipakai_by_regency": {"id": "Menurut kabupaten/kota", "en": "By regency or city"},
    "sipakai_name_agency": {"id": "Instansi", "en": "Agency"},
    "sipakai_name_regency": {"id": "Kabupaten/kota", "en": "Regency or city"},
    "sipakai_chart_agency": {"id": "Pengaduan masuk per instansi", "en": "Complaints filed per agency"},
    "sipakai_chart_regency": {"id": "Pengaduan masuk per kabupaten/kota", "en": "Complaints filed per regency or city"},
    "sipakai_chart_deadline": {
        "id": "Persentase pengaduan yang dijawab tepat waktu, per instansi",
        "en": "Share of complaints answered within the deadline, per agency",
    },
    "sipakai_chart_median": {
        "id": "Median hari dari pengaduan masuk sampai selesai, per instansi",
        "en": "Median days from filing to resolution, per agency",
    },
    "sipakai_chart_desc": {
        "id": "Diagram batang; angka yang sama ada di tabel di bawahnya. “<5”: kurang dari lima, tidak digambar.",
        "en": "Bar chart; the same numbers are in the table below it. “<5”: fewer than five, not drawn.",
    },
    "sipakai_trend": {"id": "Tren per bulan", "en": "Trend by month"},
    "sipakai_chart_trend": {
        "id": "Pengaduan masuk dan selesai per bulan",
        "en": "Complaints filed and resolved per month",
    },
    "sipakai_chart_trend_desc": {
        "id": "Diagram kolom per bulan: biru masuk, oranye selesai; garis putus-putus berarti kurang dari lima. "
        "Angkanya ada di tabel di bawahnya.",
        "en": "Column chart per month: blue filed, orange resolved; a dashed stub means fewer than five. "
        "The numbers are in the table below it.",
    },
    "sipakai_month": {"id": "Bulan", "en": "Month"},
    "sipakai_table_note": {
        "id": "“<5”: antara 1 dan 4 pengaduan, atau angka yang dihitung dari sesedikit itu. “—”: belum ada.",
        "en": "“<5”: between 1 and 4 complaints, or a figure computed from that few. “—”: none yet.",
    },
    "sipakai_no_data": {"id": "Belum ada pengaduan pada periode ini.", "en": "No complaints in this period."},
    "sipakai_map": {"id": "Peta pengaduan publik", "en": "Map of public complaints"},
    "sipakai_map_desc": {
        "id": "{n} pengaduan publik dengan lokasi (dibulatkan sekitar 100 m), di atas Provinsi Gorontalo yang "
        "digambar sederhana dengan ibu kota kabupaten/kota sebagai patokan. Pengaduan rahasia tidak ditampilkan.",
        "en": "{n} public complaints with a location (rounded to about 100 m), on a plain drawing of Gorontalo "
        "province with the regency seats as landmarks. Confidential complaints are not shown.",
    },
    "sipakai_map_note": {
        "id": "Kotak: ibu kota kabupaten/kota. Lingkaran: pengaduan. Tidak ada peta dasar dari pihak lain.",
        "en": "Squares: regency seats. Circles: complaints. No base map from a third party.",
    },
    "sipakai_map_unavailable": {
        "id": "Titik pengaduan belum dapat dimuat.",
        "en": "The complaint points cannot be loaded.",
    },
    "sipakai_map_interactive": {"id": "Peta interaktif", "en": "Interactive map"},
    "sipakai_track": {"id": "Punya kode lacak? Lacak pengaduan", "en": "Have a tracking code? Track a complaint"},
}
