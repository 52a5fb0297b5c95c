"""Words of the console's complaints pages (/petugas/pengaduan): dispatch, the agency inbox, escalations."""

TEXTS: dict[str, dict[str, str]] = {
    "staff_complaints_title": {"id": "Pengaduan", "en": "Complaints"},
    "staff_complaints_lead": {
        "id": "Disposisi pengaduan warga (Diskominfo), kotak masuk instansi, dan eskalasi tenggat.",
        "en": "Routing residents' complaints (Diskominfo), the agency inbox, and deadline escalations.",
    },
    "staff_complaints_acting": {"id": "Anda bertindak untuk", "en": "You act for"},
    "staff_complaints_province": {"id": "seluruh provinsi", "en": "the whole province"},
    "staff_complaints_queue_title": {"id": "Antrean disposisi", "en": "Dispatch queue"},
    "staff_complaints_queue_lead": {
        "id": "Pengaduan yang menunggu petugas: periksa kategori usulan model, perbaiki bila keliru, lalu "
        "teruskan ke instansi atau tolak dengan alasan. Yang paling lama menunggu tampil pertama.",
        "en": "Complaints waiting for a person: check the model's suggested category, correct it when wrong, "
        "then route it to the agency or reject it with a reason. The longest waiting comes first.",
    },
    "staff_complaints_queue_empty": {"id": "Tidak ada pengaduan yang menunggu.", "en": "No complaint is waiting."},
    "staff_complaints_queue_caption": {"id": "Pengaduan menunggu disposisi", "en": "Complaints waiting to be routed"},
    "staff_complaints_inbox_title": {"id": "Kotak masuk instansi", "en": "Agency inbox"},
    "staff_complaints_inbox_lead": {
        "id": "Pengaduan yang diteruskan ke instansi Anda di wilayah kerja Anda, dengan tenggat tanggapan pertama "
        "(5 hari kerja sejak disposisi).",
        "en": "Complaints routed to your agency within your jurisdiction, with the first-response deadline "
        "(5 working days after routing).",
    },
    "staff_complaints_inbox_empty": {"id": "Tidak ada pengaduan di sini.", "en": "No complaints here."},
    "staff_complaints_inbox_caption": {"id": "Pengaduan untuk instansi Anda", "en": "Complaints for your agency"},
    "staff_complaints_escalations_title": {"id": "Eskalasi tenggat", "en": "Deadline escalations"},
    "staff_complaints_escalations_lead": {
        "id": "Tenggat yang terlewati dan dieskalasi kepada kepala instansi dan dispatcher provinsi, di wilayah "
        "kerja Anda.",
        "en": "Breached deadlines escalated to the agency head and the province dispatcher, within your jurisdiction.",
    },
    "staff_complaints_escalations_empty": {"id": "Tidak ada eskalasi.", "en": "No escalations."},
    "staff_complaints_escalations_caption": {"id": "Tenggat yang terlewati", "en": "Breached deadlines"},
    "staff_complaints_filter_status": {"id": "Status", "en": "Status"},
    "staff_complaints_filter_all": {"id": "Semua yang masih berjalan dan lainnya", "en": "All"},
    "staff_complaints_filter": {"id": "Saring", "en": "Filter"},
    "staff_complaints_next": {"id": "Halaman berikutnya", "en": "Next page"},
    "staff_complaints_code": {"id": "Kode lacak", "en": "Tracking code"},
    "staff_complaints_subject": {"id": "Judul", "en": "Title"},
    "staff_complaints_filed": {"id": "Masuk", "en": "Filed"},
    "staff_complaints_region": {"id": "Wilayah", "en": "Region"},
    "staff_complaints_no_region": {"id": "belum ada (hanya koordinat)", "en": "none yet (coordinates only)"},
    "staff_complaints_suggestion": {"id": "Usulan model", "en": "Model's suggestion"},
    "staff_complaints_confidence": {"id": "keyakinan", "en": "confidence"},
    "staff_complaints_no_suggestion": {"id": "tanpa usulan", "en": "no suggestion"},
    "staff_complaints_status": {"id": "Status", "en": "Status"},
    "staff_complaints_category": {"id": "Kategori", "en": "Category"},
    "staff_complaints_agency": {"id": "Instansi", "en": "Agency"},
    "staff_complaints_privacy": {"id": "Privasi", "en": "Privacy"},
    "staff_complaints_channel": {"id": "Saluran", "en": "Channel"},
    "staff_complaints_support": {"id": "Dukungan warga", "en": "Residents' support"},
    "staff_complaints_position": {"id": "Lokasi", "en": "Position"},
    "staff_complaints_deadline": {"id": "Tenggat", "en": "Deadline"},
    "staff_complaints_deadline_disposition": {"id": "Tenggat disposisi", "en": "Routing deadline"},
    "staff_complaints_deadline_first_response": {"id": "Tenggat tanggapan pertama", "en": "First-response deadline"},
    "staff_complaints_late": {"id": "terlambat", "en": "late"},
    "staff_complaints_met": {"id": "terpenuhi", "en": "met"},
    "staff_complaints_breached": {"id": "Tenggat terlewati", "en": "Deadlines breached"},
    "staff_complaints_breach_disposition": {"id": "disposisi", "en": "routing"},
    "staff_complaints_breach_first_response": {"id": "tanggapan pertama", "en": "first response"},
    "staff_complaints_open": {"id": "Buka", "en": "Open"},
    "staff_complaints_back_queue": {"id": "Kembali ke antrean disposisi", "en": "Back to the dispatch queue"},
    "staff_complaints_back_inbox": {"id": "Kembali ke kotak masuk", "en": "Back to the inbox"},
    "staff_complaints_back_home": {"id": "Halaman pengaduan petugas", "en": "Staff complaints page"},
    "staff_complaints_not_found": {
        "id": "Pengaduan ini tidak ada di antrean atau kotak masuk Anda (mungkin sudah ditangani petugas lain, "
        "atau di luar wilayah kerja Anda).",
        "en": "This complaint is not in your queue or inbox (another officer may have handled it, or it is "
        "outside your jurisdiction).",
    },
    "staff_complaints_the_complaint": {"id": "Isi pengaduan", "en": "The complaint"},
    "staff_complaints_photos": {"id": "Foto", "en": "Photos"},
    "staff_complaints_photo_alt": {"id": "Foto pengaduan", "en": "Complaint photo"},
    "staff_complaints_photo_alt_resolution": {"id": "Foto penyelesaian", "en": "Resolution photo"},
    # dispatch
    "staff_complaints_dispatch_heading": {"id": "Teruskan ke instansi", "en": "Route to the agency"},
    "staff_complaints_dispatch_hint": {
        "id": "Bila Anda memilih kategori lain dari usulan model, koreksi Anda disimpan dan dipakai saat model "
        "dilatih ulang (gorontalo-complaints train-model).",
        "en": "When you choose another category than the model's suggestion, your correction is kept and used "
        "when the model is retrained (gorontalo-complaints train-model).",
    },
    "staff_complaints_field_region": {
        "id": "Kode wilayah (kecamatan atau desa/kelurahan)",
        "en": "Region code (district or village)",
    },
    "staff_complaints_region_hint": {
        "id": "Hanya bila pengaduan belum punya wilayah, mis. 75.71.01.1001.",
        "en": "Only when the complaint has no region yet, e.g. 75.71.01.1001.",
    },
    "staff_complaints_field_note_internal": {"id": "Catatan internal (tidak wajib)", "en": "Internal note (optional)"},
    "staff_complaints_confirm_dispatch": {
        "id": "Saya yakin: teruskan dengan kategori ini. Instansi dan pelapor diberi tahu.",
        "en": "I am sure: route it with this category. The agency and the reporter are told.",
    },
    "staff_complaints_dispatch_button": {"id": "Teruskan", "en": "Route"},
    "staff_complaints_dispatched": {
        "id": "Pengaduan {code} diteruskan ke {agency}.",
        "en": "Complaint {code} routed to {agency}.",
    },
    "staff_complaints_corrected": {
        "id": "Kategori dikoreksi dari {before} menjadi {after}; koreksi disimpan untuk pelatihan model.",
        "en": "Category corrected from {before} to {after}; the correction is kept for training the model.",
    },
    "staff_complaints_verify_heading": {"id": "Verifikasi", "en": "Verify"},
    "staff_complaints_verify_text": {
        "id": "Tandai sebagai pengaduan yang sah; tetap menunggu disposisi.",
        "en": "Mark it as a genuine complaint; it still waits to be routed.",
    },
    "staff_complaints_verify_button": {"id": "Verifikasi", "en": "Verify"},
    "staff_complaints_verified": {"id": "Pengaduan {code} diverifikasi.", "en": "Complaint {code} verified."},
    "staff_complaints_reject_heading": {"id": "Tolak pengaduan", "en": "Reject the complaint"},
    "staff_complaints_field_reason": {
        "id": "Alasan penolakan (dibaca pelapor)",
        "en": "Reason (the reporter reads it)",
    },
    "staff_complaints_confirm_reject": {
        "id": "Saya yakin: tolak pengaduan ini. Penolakan tidak dapat dibatalkan.",
        "en": "I am sure: reject this complaint. A rejection cannot be undone.",
    },
    "staff_complaints_reject_button": {"id": "Tolak", "en": "Reject"},
    "staff_complaints_rejected": {"id": "Pengaduan {code} ditolak.", "en": "Complaint {code} rejected."},
    "staff_complaints_confirm_required": {
        "id": "Centang konfirmasi ini bila Anda yakin.",
        "en": "Tick this confirmation when you are sure.",
    },
    "staff_complaints_nearby_heading": {"id": "Kemungkinan duplikat di sekitar", "en": "Possible duplicates nearby"},
    "staff_complaints_nearby_lead": {
        "id": "Pengaduan terbuka dengan kategori {category} dalam radius {radius} m, berdampingan dengan yang ini.",
        "en": "Open complaints of the category {category} within {radius} m, side by side with this one.",
    },
    "staff_complaints_nearby_none": {
        "id": "Tidak ada pengaduan terbuka serupa di sekitar.",
        "en": "No similar open complaint nearby.",
    },
    "staff_complaints_nearby_unknown": {
        "id": "Tanpa koordinat atau kategori, duplikat di sekitar tidak dapat dicari.",
        "en": "Without coordinates or a category, duplicates nearby cannot be searched.",
    },
    "staff_complaints_this_one": {"id": "Pengaduan ini", "en": "This complaint"},
    "staff_complaints_distance": {"id": "Jarak", "en": "Distance"},
    # agency
    "staff_complaints_updates_heading": {"id": "Riwayat tindak lanjut", "en": "Follow-up history"},
    "staff_complaints_updates_none": {"id": "Belum ada tindak lanjut.", "en": "No follow-up yet."},
    "staff_complaints_kind_update": {"id": "Kabar untuk publik", "en": "Public update"},
    "staff_complaints_kind_internal": {"id": "Catatan internal", "en": "Internal note"},
    "staff_complaints_kind_question": {"id": "Pertanyaan kepada pelapor", "en": "Question to the reporter"},
    "staff_complaints_kind_answer": {"id": "Jawaban pelapor", "en": "Reporter's answer"},
    "staff_complaints_start_heading": {"id": "Mulai tangani", "en": "Start work"},
    "staff_complaints_field_start_note": {
        "id": "Catatan untuk pelapor (tidak wajib)",
        "en": "Note for the reporter (optional)",
    },
    "staff_complaints_start_button": {"id": "Mulai tangani", "en": "Start work"},
    "staff_complaints_started": {"id": "Pengaduan {code} sedang ditangani.", "en": "Complaint {code} is in progress."},
    "staff_complaints_post_heading": {"id": "Kirim kabar atau pertanyaan", "en": "Post an update or a question"},
    "staff_complaints_field_kind": {"id": "Jenis", "en": "Kind"},
    "staff_complaints_field_note": {"id": "Isi", "en": "Text"},
    "staff_complaints_post_button": {"id": "Kirim", "en": "Send"},
    "staff_complaints_posted": {"id": "Terkirim.", "en": "Sent."},
    "staff_complaints_resolve_heading": {"id": "Nyatakan selesai", "en": "Resolve"},
    "staff_complaints_field_resolve_note": {"id": "Apa yang sudah dikerjakan", "en": "What was done"},
    "staff_complaints_field_photo": {
        "id": "Foto hasil (JPEG atau PNG, maks. 5 MB)",
        "en": "Photo of the result (JPEG or PNG, at most 5 MB)",
    },
    "staff_complaints_confirm_resolve": {
        "id": "Saya yakin: pekerjaan selesai. Pelapor diberi tahu dan dapat menilai atau membuka kembali.",
        "en": "I am sure: the work is done. The reporter is told and may rate or reopen it.",
    },
    "staff_complaints_resolve_button": {"id": "Nyatakan selesai", "en": "Resolve"},
    "staff_complaints_resolved": {"id": "Pengaduan {code} dinyatakan selesai.", "en": "Complaint {code} resolved."},
    "staff_complaints_photo_required": {
        "id": "Lampirkan foto hasil pekerjaan.",
        "en": "Attach a photo of the finished work.",
    },
    "staff_complaints_photo_type": {
        "id": "Foto harus berformat JPEG atau PNG.",
        "en": "The photo must be a JPEG or PNG.",
    },
    "staff_complaints_photo_too_big": {"id": "Foto lebih dari 5 MB.", "en": "The photo is larger than 5 MB."},
    "staff_complaints_no_actions": {
        "id": "Tidak ada tindakan lagi untuk status ini.",
        "en": "No further action for this status.",
    },
    "staff_complaints_rejection_reason": {"id": "Alasan penolakan", "en": "Reason for rejection"},
    "staff_complaints_escalated_to": {"id": "Dieskalasi kepada", "en": "Escalated to"},
    "staff_complaints_escalated_agency_head": {"id": "kepala instansi", "en": "agency head"},
    "staff_complaints_escalated_province_dispatcher": {"id": "dispatcher provinsi", "en": "province dispatcher"},
    "staff_complaints_detected": {"id": "Terdeteksi", "en": "Detected"},
    "staff_complaints_due": {"id": "Jatuh tempo", "en": "Due"},
    "staff_complaints_which_deadline": {"id": "Tenggat", "en": "Deadline"},
    "staff_complaints_meters": {"id": "{n} m", "en": "{n} m"},
}
