"""Words of the operators' pages (/operator, /operator/analitik)."""

TEXTS: dict[str, dict[str, str]] = {
    "staff_operator_status_title": {"id": "Status platform", "en": "Platform status"},
    "staff_operator_status_lead": {
        "id": "Pandangan cepat operator: angka dari Prometheus ({url}) dan pemeriksaan kesehatan gateway "
        "saat halaman ini dibuka. Dasbor pemantauan adalah pandangan rinci.",
        "en": "The operators' quick view: figures from Prometheus ({url}) and the gateway's health checks "
        "as this page was opened. The monitoring dashboards are the detailed view.",
    },
    "staff_operator_measured": {"id": "Diukur pada", "en": "Measured at"},
    "staff_operator_reload": {"id": "Muat ulang", "en": "Reload"},
    "staff_operator_nav": {"id": "Halaman operator", "en": "Operator pages"},
    "staff_operator_down_summary": {
        "id": "Layanan mati: {names}",
        "en": "Services down: {names}",
    },
    "staff_operator_all_up": {"id": "Semua layanan hidup.", "en": "Every service is up."},
    "staff_operator_prometheus_down": {
        "id": "Prometheus tidak dapat dihubungi ({error}); hanya pemeriksaan kesehatan gateway yang ditampilkan.",
        "en": "Prometheus cannot be reached ({error}); only the gateway's health checks are shown.",
    },
    "staff_operator_gateway_down": {
        "id": "Gateway tidak menjawab pemeriksaan kesehatan ({error}).",
        "en": "The gateway does not answer its health checks ({error}).",
    },
    "staff_operator_services": {"id": "Layanan dan instans", "en": "Services and instances"},
    "staff_operator_services_caption": {
        "id": "Setiap layanan: pemeriksaan gateway saat ini dan status up Prometheus per instans",
        "en": "Each service: the gateway's check now and Prometheus up per instance",
    },
    "staff_operator_service": {"id": "Layanan", "en": "Service"},
    "staff_operator_state": {"id": "Keadaan", "en": "State"},
    "staff_operator_health": {"id": "Pemeriksaan gateway", "en": "Gateway check"},
    "staff_operator_instances": {"id": "Instans (Prometheus)", "en": "Instances (Prometheus)"},
    "staff_operator_state_up": {"id": "Hidup", "en": "Up"},
    "staff_operator_state_down": {"id": "Mati", "en": "Down"},
    "staff_operator_state_degraded": {"id": "Sebagian", "en": "Degraded"},
    "staff_operator_state_unknown": {"id": "Tidak diketahui", "en": "Unknown"},
    "staff_operator_not_probed": {"id": "tidak diperiksa", "en": "not probed"},
    "staff_operator_no_instances": {"id": "tidak dipantau", "en": "not scraped"},
    "staff_operator_nats": {"id": "NATS JetStream", "en": "NATS JetStream"},
    "staff_operator_routes": {"id": "Gateway per rute", "en": "Gateway by route"},
    "staff_operator_routes_caption": {
        "id": "Permintaan per detik, bagian galat 5xx, dan p99 waktu jawab selama {window} terakhir",
        "en": "Requests per second, share of 5xx errors and p99 response time over the last {window}",
    },
    "staff_operator_route": {"id": "Rute", "en": "Route"},
    "staff_operator_rate": {"id": "Permintaan/detik", "en": "Requests/s"},
    "staff_operator_error_rate": {"id": "Galat 5xx", "en": "5xx errors"},
    "staff_operator_p99": {"id": "p99 (md)", "en": "p99 (ms)"},
    "staff_operator_no_routes": {"id": "Belum ada lalu lintas yang tercatat.", "en": "No traffic recorded yet."},
    "staff_operator_outbox": {"id": "Outbox per layanan", "en": "Outbox by service"},
    "staff_operator_outbox_caption": {
        "id": "Peristiwa yang belum terkirim ke JetStream dan umur yang tertua",
        "en": "Events not yet sent to JetStream and the age of the oldest",
    },
    "staff_operator_pending": {"id": "Belum terkirim", "en": "Unsent"},
    "staff_operator_oldest": {"id": "Tertua (detik)", "en": "Oldest (seconds)"},
    "staff_operator_instance": {"id": "Instans", "en": "Instance"},
    "staff_operator_no_outbox": {"id": "Belum ada angka outbox.", "en": "No outbox figures yet."},
    "staff_operator_consumers": {"id": "Konsumen JetStream", "en": "JetStream consumers"},
    "staff_operator_consumers_caption": {
        "id": "Tunggakan setiap konsumen durable dan pesan yang diparkir di dead letter",
        "en": "Each durable consumer's lag and the messages parked as dead letters",
    },
    "staff_operator_consumer": {"id": "Konsumen", "en": "Consumer"},
    "staff_operator_lag": {"id": "Tunggakan", "en": "Lag"},
    "staff_operator_dead_letters": {"id": "Dead letter (sejak mulai)", "en": "Dead letters (since start)"},
    "staff_operator_dead_letters_recent": {"id": "Dead letter (1 jam)", "en": "Dead letters (1 hour)"},
    "staff_operator_no_consumers": {"id": "Belum ada angka konsumen.", "en": "No consumer figures yet."},
    # /operator/analitik
    "staff_operator_analytics_title": {"id": "Di mana layanan tertinggal", "en": "Where service falls short"},
    "staff_operator_analytics_lead": {
        "id": "Pengaduan yang melewati tenggat per instansi, kabupaten/kota, dan kategori, dan permohonan izin "
        "yang melewati SLA per kantor dan jenis izin, dari angka pasti layanan-layanan itu ({from_month} sampai "
        "{to_month}).",
        "en": "Complaints past their deadlines by agency, regency and category, and permit applications past "
        "their SLA by office and permit type, from those services' exact figures ({from_month} to {to_month}).",
    },
    "staff_operator_period": {"id": "Periode", "en": "Period"},
    "staff_operator_period_months": {"id": "{n} bulan terakhir", "en": "Last {n} months"},
    "staff_operator_show": {"id": "Tampilkan", "en": "Show"},
    "staff_operator_csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "staff_operator_unavailable": {
        "id": "Angka layanan ini tidak tersedia saat ini ({error}).",
        "en": "This service's figures are not available now ({error}).",
    },
    "staff_operator_rule_heading": {"id": "Aturan penanda", "en": "The flagging rule"},
    "staff_operator_rule": {
        "id": "Setiap instansi, kabupaten/kota, dan kantor perizinan dinilai dari bagian pengaduan atau "
        "permohonannya yang melewati tenggat, bulan demi bulan (bulan tanpa pengaduan dilewati). Dinilai hanya bila ada sedikitnya "
        "{min_history} bulan sebelumnya dan {min_cases} pengaduan pada bulan terakhir. Ditandai "
        "“lonjakan” bila bulan terakhir lebih dari {k_jump} simpangan baku di atas rata-rata "
        "bulan-bulan sebelumnya (simpangan baku paling kecil sebesar sebaran yang wajar karena kebetulan "
        "untuk jumlah pengaduan itu). Ditandai “memburuk perlahan” bila garis tren "
        "kuadrat-terkecil naik lebih dari {k_trend} galat baku kemiringannya dan sedikitnya {min_rise} poin "
        "persen selama periode. Yang membaik tidak pernah ditandai.",
        "en": "Every agency, regency and licensing office is judged by its share of complaints or applications "
        "past a deadline, month by month (months without complaints are skipped). It is judged only with at least {min_history} earlier "
        "months and {min_cases} complaints in the last month. It is flagged as a “jump” when "
        "the last month lies more than {k_jump} standard deviations above the mean of the earlier months (the "
        "standard deviation being at least the spread chance gives that many complaints). It is flagged as "
        "“slowly worsening” when the least-squares trend rises by more than {k_trend} standard "
        "errors of its slope and by at least {min_rise} percentage points over the period. Improving series "
        "are never flagged.",
    },
    "staff_operator_flags": {"id": "Yang memburuk", "en": "Getting worse"},
    "staff_operator_no_flags": {
        "id": "Tidak ada instansi atau wilayah yang memenuhi aturan penanda pada periode ini.",
        "en": "No agency or place meets the flagging rule in this period.",
    },
    "staff_operator_flag_jump": {
        "id": "Lonjakan: pada {last_month}, {last_share} {what} melewati tenggat, sedangkan rata-rata "
        "{earlier} bulan sebelumnya {baseline} (simpangan baku {spread} poin). Itu {score} simpangan baku di "
        "atas biasanya, lebih dari batas {k}.",
        "en": "A jump: in {last_month}, {last_share} of {what} went past a deadline, where the {earlier} "
        "months before averaged {baseline} (standard deviation {spread} points). That is {score} standard "
        "deviations above usual, beyond the limit of {k}.",
    },
    "staff_operator_flag_drift": {
        "id": "Memburuk perlahan: bagian yang melewati tenggat naik rata-rata {slope} poin persen per bulan "
        "selama {months} bulan, sampai {last_share} pada {last_month} (rata-rata sebelumnya {baseline}). "
        "Kenaikan ini {score} kali galat baku kemiringannya, lebih dari batas {k}.",
        "en": "Slowly worsening: the share past a deadline rose by {slope} percentage points a month on average "
        "over {months} months, to {last_share} in {last_month} (earlier average {baseline}). The rise is {score} "
        "times its slope's standard error, beyond the limit of {k}.",
    },
    "staff_operator_kind_agency": {"id": "Instansi", "en": "Agency"},
    "staff_operator_kind_regency": {"id": "Kabupaten/kota", "en": "Regency"},
    "staff_operator_trend": {"id": "Tren per bulan", "en": "Trend by month"},
    "staff_operator_trend_caption": {
        "id": "Seluruh provinsi: pengaduan diterima dan yang melewati tenggat per bulan pengajuan",
        "en": "The whole province: complaints received and past a deadline by month of filing",
    },
    "staff_operator_month": {"id": "Bulan", "en": "Month"},
    "staff_operator_received": {"id": "Diterima", "en": "Received"},
    "staff_operator_breached": {"id": "Melewati tenggat", "en": "Past deadline"},
    "staff_operator_share": {"id": "Bagian", "en": "Share"},
    "staff_operator_series": {"id": "Instansi dan wilayah", "en": "Agencies and places"},
    "staff_operator_series_caption": {
        "id": "Bagian pengaduan yang melewati tenggat per bulan; yang ditandai di atas",
        "en": "Share of complaints past a deadline by month; flagged ones first",
    },
    "staff_operator_name": {"id": "Nama", "en": "Name"},
    "staff_operator_flag": {"id": "Penanda", "en": "Flag"},
    "staff_operator_flag_yes_jump": {"id": "Lonjakan", "en": "Jump"},
    "staff_operator_flag_yes_drift": {"id": "Memburuk perlahan", "en": "Slowly worsening"},
    "staff_operator_cells": {
        "id": "Instansi × kabupaten/kota × kategori",
        "en": "Agency × regency × category",
    },
    "staff_operator_cells_caption": {
        "id": "Seluruh periode, bagian terburuk di atas; waktu penyelesaian: median bulanan, ditimbang",
        "en": "The whole period, worst share first; time to resolve: monthly medians, weighted",
    },
    "staff_operator_agency": {"id": "Instansi", "en": "Agency"},
    "staff_operator_regency": {"id": "Kabupaten/kota", "en": "Regency"},
    "staff_operator_category": {"id": "Kategori", "en": "Category"},
    "staff_operator_resolved": {"id": "Selesai", "en": "Resolved"},
    "staff_operator_resolution_days": {"id": "Penyelesaian (hari)", "en": "To resolve (days)"},
    "staff_operator_no_rows": {
        "id": "Belum ada pengaduan pada periode ini.",
        "en": "No complaints in this period yet.",
    },
    "staff_operator_undispatched": {"id": "(belum didisposisi)", "en": "(not dispatched yet)"},
    "staff_operator_what_complaints": {"id": "pengaduan", "en": "complaints"},
    "staff_operator_what_permits": {"id": "permohonan izin", "en": "permit applications"},
    "staff_operator_kind_office": {"id": "Kantor perizinan", "en": "Licensing office"},
    "staff_operator_complaints_heading": {"id": "Pengaduan", "en": "Complaints"},
    "staff_operator_permits_heading": {
        "id": "Perizinan: SLA per kantor dan jenis izin",
        "en": "Permits: SLA by office and permit type",
    },
    "staff_operator_permits_lead": {
        "id": "Permohonan per bulan pengajuan; melewati tenggat berarti diputus setelah tanggal SLA, atau masih "
        "menunggu kantor sesudahnya. Waktu: median hari kerja sampai keputusan kantor.",
        "en": "Applications by month of submission; past the deadline means decided after the SLA date, or still "
        "waiting on the office beyond it. Time: median working days to the office's decision.",
    },
    "staff_operator_permit_type": {"id": "Jenis izin", "en": "Permit type"},
    "staff_operator_office": {"id": "Kantor", "en": "Office"},
    "staff_operator_decided": {"id": "Diputus", "en": "Decided"},
    "staff_operator_decision_days": {"id": "Keputusan (hari kerja)", "en": "To decide (working days)"},
    "staff_operator_permits_trend_caption": {
        "id": "Seluruh provinsi: permohonan izin diterima dan yang melewati tenggat SLA per bulan pengajuan",
        "en": "The whole province: permit applications received and past the SLA by month of submission",
    },
    "staff_operator_permits_cells_caption": {
        "id": "Seluruh periode, bagian terburuk di atas; waktu keputusan: median bulanan, ditimbang",
        "en": "The whole period, worst share first; time to decide: monthly medians, weighted",
    },
    "staff_operator_no_permit_rows": {
        "id": "Belum ada permohonan izin pada periode ini.",
        "en": "No permit applications in this period yet.",
    },
}
