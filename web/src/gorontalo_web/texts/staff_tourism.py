"""Words of the tourism office's console pages (/petugas/wisata)."""

TEXTS: dict[str, dict[str, str]] = {
    "staff_tourism_link": {"id": "Destinasi wisata (GORINDO)", "en": "Tourism destinations (GORINDO)"},
    "staff_tourism_title": {"id": "Destinasi wisata", "en": "Tourism destinations"},
    "staff_tourism_sections": {"id": "Meja Dinas Pariwisata", "en": "Tourism office desk"},
    "staff_tourism_scope": {
        "id": "Anda bertindak untuk {agency}, wilayah {jurisdiction}. Layanan menolak perubahan di luar wilayah ini.",
        "en": "You act for {agency}, area {jurisdiction}. The service refuses changes outside this area.",
    },
    "staff_tourism_new": {"id": "Tambah destinasi", "en": "Add a destination"},
    "staff_tourism_edit": {"id": "Ubah", "en": "Edit"},
    "staff_tourism_back": {"id": "← Destinasi wisata", "en": "← Tourism destinations"},
    "staff_tourism_list_heading": {"id": "Semua destinasi", "en": "All destinations"},
    "staff_tourism_import_heading": {"id": "Impor berkas destinasi", "en": "Import a destinations file"},
    "staff_tourism_import_intro": {
        "id": "Berkas JSON seperti set awal yang dikirim bersama layanan (destinations.json): diterima utuh "
        "atau ditolak seluruhnya. Catatan dengan kunci yang sudah ada diperbarui.",
        "en": "A JSON file such as the starting set shipped with the service (destinations.json): taken whole "
        "or refused whole. Records with a known key are updated.",
    },
    "staff_tourism_starting_set_heading": {"id": "Set awal destinasi", "en": "Starting set of destinations"},
    "staff_tourism_starting_set_intro": {
        "id": "Delapan destinasi terkenal yang dikirim bersama layanan (nama, jenis, wilayah, deskripsi singkat, "
        "koordinat perkiraan, sumber). Hanya yang belum ada yang ditambahkan: destinasi yang sudah diimpor "
        "dan diubah kantor tidak disentuh, jadi mengimpor lagi tidak mengubah apa pun.",
        "en": "Eight well-known destinations shipped with the service (name, kind, region, a short description, "
        "approximate coordinates, a source). Only those not there yet are added: places imported before and "
        "edited by the office are left alone, so importing again changes nothing.",
    },
    "staff_tourism_starting_set_button": {"id": "Impor set awal", "en": "Import the starting set"},
    "staff_tourism_starting_set_imported": {
        "id": "Set awal diimpor: {created} destinasi baru, {unchanged} sudah ada (tidak diubah).",
        "en": "Starting set imported: {created} new destinations, {unchanged} already there (left as they are).",
    },
    "staff_tourism_import_file": {"id": "Berkas JSON", "en": "JSON file"},
    "staff_tourism_import_button": {"id": "Impor", "en": "Import"},
    "staff_tourism_import_file_needed": {
        "id": "Pilih berkas JSON (paling besar 2 MB).",
        "en": "Choose a JSON file (at most 2 MB).",
    },
    "staff_tourism_import_refused": {
        "id": "Berkas ditolak seluruhnya; tidak ada yang disimpan:",
        "en": "The file is refused whole; nothing was saved:",
    },
    "staff_tourism_imported": {
        "id": "Impor selesai: {created} destinasi baru, {updated} diperbarui.",
        "en": "Import done: {created} new destinations, {updated} updated.",
    },
    "staff_tourism_public_page": {"id": "Lihat halaman publik", "en": "See the public page"},
    "staff_tourism_saved": {"id": "Tersimpan.", "en": "Saved."},
    "staff_tourism_merged": {
        "id": "Digabungkan. Ini destinasi yang tetap.",
        "en": "Merged. This is the destination that stays.",
    },
    "staff_tourism_duplicate_intro": {
        "id": "Mungkin tempat ini sudah ada. Periksa dulu: ubah yang sudah ada, atau centang bahwa ini tempat lain.",
        "en": "This place may exist already. Check first: edit the existing one, or tick that this is another place.",
    },
    "staff_tourism_duplicate_open": {"id": "Buka destinasi yang sudah ada", "en": "Open the existing destination"},
    "staff_tourism_not_a_duplicate": {
        "id": "Sudah saya periksa: ini tempat lain, simpan sebagai destinasi baru",
        "en": "I checked: this is another place, save it as a new destination",
    },
    "staff_tourism_name": {"id": "Nama", "en": "Name"},
    "staff_tourism_region_code": {"id": "Kode wilayah", "en": "Region code"},
    "staff_tourism_region_code_hint": {
        "id": "Kode Kemendagri sampai desa bila diketahui, misalnya 75.03.08.2004.",
        "en": "The Kemendagri code, to the village when known, e.g. 75.03.08.2004.",
    },
    "staff_tourism_coordinates_hint": {
        "id": "Di dalam Provinsi Gorontalo (lintang 0,15–1,20; bujur 121,10–123,60).",
        "en": "Inside Gorontalo Province (latitude 0.15–1.20; longitude 121.10–123.60).",
    },
    "staff_tourism_approximate": {"id": "Koordinat perkiraan", "en": "Approximate coordinates"},
    "staff_tourism_description_id": {"id": "Deskripsi (Indonesia)", "en": "Description (Indonesian)"},
    "staff_tourism_description_en": {"id": "Deskripsi (Inggris)", "en": "Description (English)"},
    "staff_tourism_hours_hint": {
        "id": "Satu baris per hari buka: nomor hari (1 Senin … 7 Minggu) lalu jam WITA, misalnya 6 08:00-17:00.",
        "en": "One line per open day: day number (1 Monday … 7 Sunday) then WITA hours, e.g. 6 08:00-17:00.",
    },
    "staff_tourism_prices_hint": {
        "id": "Satu baris per tiket: label Indonesia | label Inggris | rupiah, misalnya Dewasa | Adult | 15000.",
        "en": "One line per ticket: Indonesian label | English label | rupiah, e.g. Dewasa | Adult | 15000.",
    },
    "staff_tourism_facilities_hint": {"id": "Pisahkan dengan koma.", "en": "Separate with commas."},
    "staff_tourism_accessibility_id": {"id": "Aksesibilitas (Indonesia)", "en": "Accessibility (Indonesian)"},
    "staff_tourism_accessibility_en": {"id": "Aksesibilitas (Inggris)", "en": "Accessibility (English)"},
    "staff_tourism_safety_id": {"id": "Catatan keselamatan (Indonesia)", "en": "Safety notes (Indonesian)"},
    "staff_tourism_safety_en": {"id": "Catatan keselamatan (Inggris)", "en": "Safety notes (English)"},
    "staff_tourism_contact_phone": {"id": "Telepon kantor", "en": "Office phone"},
    "staff_tourism_contact_email": {"id": "E-mail kantor", "en": "Office e-mail"},
    "staff_tourism_contact_website": {"id": "Situs web", "en": "Website"},
    "staff_tourism_source_hint": {
        "id": "Dari mana keterangan ini (artikel, halaman kantor).",
        "en": "Where these facts come from (an article, the office's page).",
    },
    "staff_tourism_save": {"id": "Simpan", "en": "Save"},
    "staff_tourism_number_needed": {"id": "Isi angka, misalnya 0,5435.", "en": "Enter a number, e.g. 0.5435."},
    "staff_tourism_hours_invalid": {
        "id": "Tiap baris: nomor hari 1–7, lalu jam buka-tutup, misalnya 6 08:00-17:00.",
        "en": "Each line: day number 1–7, then opening-closing time, e.g. 6 08:00-17:00.",
    },
    "staff_tourism_prices_invalid": {
        "id": "Tiap baris: label | label Inggris | rupiah (angka).",
        "en": "Each line: label | English label | rupiah (a number).",
    },
    "staff_tourism_merge_heading": {"id": "Gabungkan duplikat", "en": "Merge a duplicate"},
    "staff_tourism_merge_intro": {
        "id": "Bila destinasi ini duplikat tempat lain, gabungkan ke tempat itu: foto, acara, dan ulasannya "
        "pindah, dan halaman ini mengarah ke sana.",
        "en": "If this destination duplicates another place, merge it into that one: its photos, events and "
        "reviews move, and this page leads there.",
    },
    "staff_tourism_merge_into": {"id": "ID destinasi yang tetap", "en": "ID of the destination that stays"},
    "staff_tourism_merge_into_hint": {
        "id": "Tertera di halaman ubah destinasi itu.",
        "en": "Shown on that destination's edit page.",
    },
    "staff_tourism_merge_confirm": {
        "id": "Ya, gabungkan (tidak dapat dibatalkan)",
        "en": "Yes, merge (cannot be undone)",
    },
    "staff_tourism_merge_confirm_needed": {
        "id": "Centang persetujuan untuk menggabungkan.",
        "en": "Tick the confirmation to merge.",
    },
    "staff_tourism_merge_into_needed": {
        "id": "Isi ID destinasi yang tetap.",
        "en": "Enter the ID of the destination that stays.",
    },
    "staff_tourism_merge_button": {"id": "Gabungkan", "en": "Merge"},
    "staff_tourism_events_title": {"id": "Acara wisata", "en": "Tourism events"},
    "staff_tourism_events_ahead": {"id": "Acara mendatang", "en": "Events ahead"},
    "staff_tourism_event_new": {"id": "Tambah acara", "en": "Add an event"},
    "staff_tourism_event_name_id": {"id": "Nama acara (Indonesia)", "en": "Event name (Indonesian)"},
    "staff_tourism_event_name_en": {"id": "Nama acara (Inggris)", "en": "Event name (English)"},
    "staff_tourism_event_start": {"id": "Tanggal mulai", "en": "Start date"},
    "staff_tourism_event_end": {"id": "Tanggal selesai", "en": "End date"},
    "staff_tourism_event_destination": {"id": "Di destinasi", "en": "At a destination"},
    "staff_tourism_event_no_destination": {
        "id": "(bukan di destinasi terdaftar)",
        "en": "(not at a listed destination)",
    },
    "staff_tourism_event_place": {"id": "Nama tempat", "en": "Place name"},
    "staff_tourism_event_region_hint": {
        "id": "Wajib bila acara tidak di destinasi terdaftar.",
        "en": "Required when the event is not at a listed destination.",
    },
    "staff_tourism_event_button": {"id": "Simpan acara", "en": "Save the event"},
    "staff_tourism_event_created": {"id": "Acara tersimpan.", "en": "The event is saved."},
    "staff_tourism_businesses_title": {"id": "Izin usaha menunggu konfirmasi", "en": "Permits awaiting confirmation"},
    "staff_tourism_businesses_intro": {
        "id": "Usaha yang mencantumkan izin atas nama akun lain (misalnya keluarga pemilik). Konfirmasi bila "
        "Anda yakin usaha ini pemegang izinnya; izin diperiksa lagi di DPMPTSP.",
        "en": "Businesses citing a permit held by another account (e.g. the owner's family). Confirm when you "
        "are sure this business holds it; the permit is checked again with DPMPTSP.",
    },
    "staff_tourism_businesses_none": {"id": "Tidak ada yang menunggu.", "en": "Nothing is waiting."},
    "staff_tourism_confirm_button": {"id": "Konfirmasi izin", "en": "Confirm the permit"},
    "staff_tourism_refuse_confirm": {"id": "Ya, tolak izin ini untuk usaha ini", "en": "Yes, refuse this permit here"},
    "staff_tourism_refuse_button": {"id": "Tolak", "en": "Refuse"},
    "staff_tourism_refuse_confirm_needed": {
        "id": "Centang persetujuan untuk menolak.",
        "en": "Tick the confirmation to refuse.",
    },
    "staff_tourism_business_licensed": {"id": "{name} kini berizin.", "en": "{name} is now licensed."},
    "staff_tourism_business_not_licensed": {
        "id": "{name} tidak mendapat lencana berizin.",
        "en": "{name} does not get the licensed badge.",
    },
    "staff_tourism_reviews_title": {"id": "Ulasan dilaporkan", "en": "Reported reviews"},
    "staff_tourism_reviews_intro": {
        "id": "Ulasan ini disembunyikan sejak dilaporkan. Tampilkan lagi, atau hapus selamanya.",
        "en": "These reviews are hidden since they were reported. Show them again, or remove them for good.",
    },
    "staff_tourism_reviews_none": {"id": "Tidak ada ulasan yang dilaporkan.", "en": "No reported reviews."},
    "staff_tourism_reports": {"id": "{n} laporan", "en": "{n} reports"},
    "staff_tourism_restore_button": {"id": "Tampilkan lagi", "en": "Show again"},
    "staff_tourism_remove_confirm": {"id": "Ya, hapus selamanya", "en": "Yes, remove for good"},
    "staff_tourism_remove_button": {"id": "Hapus", "en": "Remove"},
    "staff_tourism_remove_confirm_needed": {
        "id": "Centang persetujuan untuk menghapus.",
        "en": "Tick the confirmation to remove.",
    },
    "staff_tourism_review_restored": {"id": "Ulasan tampil lagi.", "en": "The review is shown again."},
    "staff_tourism_review_removed": {"id": "Ulasan dihapus.", "en": "The review is removed."},
}
