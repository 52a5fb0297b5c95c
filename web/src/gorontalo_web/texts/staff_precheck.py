"""Words of the pre-check report on the officer's application page (issue 22). The flags' explanations
come from the platform in the officer's language (Accept-Language)."""

TEXTS = {
    "staff_precheck_heading": {"id": "Pra-periksa", "en": "Pre-check"},
    "staff_precheck_note": {
        "id": "Pra-periksa otomatis (AI) hanya mengusulkan: ia membaca dokumen dan memberi tanda, tidak pernah "
        "menyetujui atau menolak. Petugas yang memutuskan. Bila sebuah tanda keliru, tandai salah dengan "
        "alasannya; penandaan itu dihitung untuk mengukur ketepatan yang diumumkan.",
        "en": "The automatic pre-check (AI) only proposes: it reads the documents and raises flags, and never "
        "approves or rejects. The officer decides. When a flag is wrong, mark it wrong with a reason; those marks "
        "are counted in the published precision.",
    },
    "staff_precheck_status_pending": {
        "id": "Belum diperiksa: dokumen masih dibaca (beberapa detik per dokumen). Muat ulang halaman ini nanti.",
        "en": "Not checked yet: the documents are still being read (seconds per document). Reload this page later.",
    },
    "staff_precheck_status_complete": {"id": "Selesai diperiksa", "en": "Checked"},
    "staff_precheck_status_none": {"id": "Tidak ada dokumen untuk diperiksa.", "en": "No documents to check."},
    "staff_precheck_open_flags": {"id": "{n} tanda perlu dilihat", "en": "{n} flags to look at"},
    "staff_precheck_no_flags": {"id": "tidak ada tanda", "en": "no flags"},
    "staff_precheck_not_shown": {
        "id": "Laporan pra-periksa tidak tersedia untuk Anda.",
        "en": "The pre-check report is not available to you.",
    },
    "staff_precheck_unavailable": {
        "id": "Laporan pra-periksa tidak dapat dibaca sekarang. Coba muat ulang nanti.",
        "en": "The pre-check report cannot be read right now. Try reloading later.",
    },
    "staff_precheck_declared": {"id": "Penanggung jawab yang dinyatakan", "en": "Declared responsible person"},
    "staff_precheck_declared_holder": {"id": "Pemilik akun pemohon", "en": "The applicant's account holder"},
    "staff_precheck_register": {"id": "Cek NIK ke data kependudukan", "en": "NIK checked with the register"},
    "staff_precheck_register_match": {"id": "Cocok", "en": "Matches"},
    "staff_precheck_register_no_match": {"id": "Tidak cocok", "en": "Does not match"},
    "staff_precheck_register_unavailable": {"id": "Tidak dapat ditanyakan", "en": "Could not be asked"},
    "staff_precheck_register_not_asked": {"id": "Belum ditanyakan", "en": "Not asked"},
    "staff_precheck_read_as": {"id": "Terbaca sebagai", "en": "Read as"},
    "staff_precheck_as_ktp": {"id": "KTP", "en": "KTP (identity card)"},
    "staff_precheck_as_npwp": {"id": "Kartu NPWP", "en": "NPWP card"},
    "staff_precheck_as_nib": {"id": "Halaman NIB", "en": "NIB page"},
    "staff_precheck_as_other": {"id": "Dokumen lain (bukan KTP, NPWP atau NIB)", "en": "Another document"},
    "staff_precheck_as_unreadable": {"id": "Tidak terbaca", "en": "Unreadable"},
    "staff_precheck_confidence": {"id": "keyakinan", "en": "confidence"},
    "staff_precheck_fields": {"id": "Yang terbaca", "en": "What was read"},
    "staff_precheck_flag_read": {"id": "Yang terbaca untuk tanda ini", "en": "What was read for this flag"},
    "staff_precheck_no_fields": {"id": "Tidak ada isian yang terbaca.", "en": "No field was read."},
    "staff_precheck_not_read": {"id": "Belum diperiksa.", "en": "Not checked yet."},
    "staff_precheck_field_nik": {"id": "NIK", "en": "NIK"},
    "staff_precheck_field_name": {"id": "Nama", "en": "Name"},
    "staff_precheck_field_birth_date": {"id": "Tanggal lahir", "en": "Birth date"},
    "staff_precheck_field_npwp": {"id": "NPWP", "en": "NPWP"},
    "staff_precheck_field_nib": {"id": "NIB", "en": "NIB"},
    "staff_precheck_field_read_as": {"id": "Terbaca sebagai", "en": "Read as"},
    "staff_precheck_field_markers": {"id": "Tulisan penanda yang terbaca", "en": "Marker words read"},
    "staff_precheck_field_document_type": {"id": "Dokumen", "en": "Document"},
    "staff_precheck_field_risk_level": {"id": "Tingkat risiko", "en": "Risk level"},
    "staff_precheck_field_investment_rupiah": {"id": "Investasi (Rp)", "en": "Investment (Rp)"},
    "staff_precheck_field_workforce": {"id": "Tenaga kerja", "en": "Workforce"},
    "staff_precheck_field_declared_nik": {"id": "NIK yang dinyatakan", "en": "Declared NIK"},
    "staff_precheck_field_declared_nib": {"id": "NIB yang dinyatakan", "en": "Declared NIB"},
    "staff_precheck_kind_wrong_document_type": {"id": "Jenis dokumen salah", "en": "Wrong document type"},
    "staff_precheck_kind_nik_mismatch": {
        "id": "NIK tidak cocok dengan penanggung jawab",
        "en": "NIK does not match the declared person",
    },
    "staff_precheck_kind_nib_mismatch": {"id": "NIB tidak cocok", "en": "NIB does not match"},
    "staff_precheck_kind_unreadable_scan": {"id": "Pindaian tidak terbaca", "en": "Unreadable scan"},
    "staff_precheck_kind_document_missing": {"id": "Dokumen wajib tidak ada", "en": "Required document missing"},
    "staff_precheck_kind_risk_hint": {"id": "Petunjuk risiko", "en": "Risk hint"},
    "staff_precheck_application_flags": {"id": "Tanda untuk permohonan", "en": "Flags on the application"},
    "staff_precheck_dismiss": {"id": "Tandai salah", "en": "Mark wrong"},
    "staff_precheck_dismiss_reason": {
        "id": "Mengapa tanda ini salah? (5-500 huruf)",
        "en": "Why is this flag wrong? (5-500 characters)",
    },
    "staff_precheck_dismiss_button": {"id": "Tandai salah", "en": "Mark wrong"},
    "staff_precheck_dismissed": {"id": "Ditandai salah oleh petugas", "en": "Marked wrong by an officer"},
    "staff_precheck_done_dismissed": {
        "id": "Tanda ditandai salah. Terima kasih: ini dihitung untuk ketepatan pra-periksa.",
        "en": "Flag marked wrong. Thank you: it counts towards the pre-check's precision.",
    },
}
