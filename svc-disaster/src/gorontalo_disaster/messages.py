"""Siaga Gorontalo's human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "observed_at_future": {"id": "Waktu kejadian tidak boleh lebih dari {minutes} menit di masa depan.", "en": "The observation time cannot be more than {minutes} minutes in the future."},
    "observed_at_too_old": {"id": "Waktu kejadian tidak boleh lebih dari {days} hari yang lalu.", "en": "The observation time cannot be more than {days} days ago."},
    "invalid_timestamp": {"id": "Waktu tidak valid.", "en": "Invalid time."},
    "report_not_found": {"id": "Laporan bencana tidak ditemukan.", "en": "Disaster report not found."},
})
