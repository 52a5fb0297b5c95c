"""Permits' human messages (Indonesian first, English)."""
from servicekit import i18n

i18n.register({
    "kbli_invalid": {"id": "Kode KBLI harus 5 digit angka, contoh 56101.", "en": "The KBLI code must be 5 digits, e.g. 56101."},
    "kbli_unknown": {"id": "Kode KBLI ini tidak ada dalam katalog perizinan Provinsi Gorontalo.", "en": "This KBLI code is not in Gorontalo's permit catalog."},
    "region_level_invalid": {"id": "Gunakan kode kecamatan atau desa/kelurahan lokasi usaha, bukan kode kabupaten/kota atau provinsi.", "en": "Use the district or village code of the business location, not a regency/city or province code."},
    "review_requires_submitted": {"id": "Hanya permohonan berstatus 'submitted' (diajukan) yang dapat mulai ditinjau; status permohonan ini '{status}'.", "en": "Only a 'submitted' application can be taken into review; this one is '{status}'."},
    "illegal_transition": {"id": "Status permohonan tidak dapat diubah dari '{current}' menjadi '{target}'.", "en": "The application cannot move from '{current}' to '{target}'."},
    "concurrent_update": {"id": "Permohonan ini baru saja diubah oleh petugas lain; muat ulang lalu coba lagi.", "en": "Someone else changed this application just now; reload and try again."},
    "nib_invalid": {"id": "NIB (Nomor Induk Berusaha) harus 13 digit angka.", "en": "The NIB (business identification number) must be 13 digits."},
    "nib_mismatch": {"id": "Anda sudah terdaftar dengan NIB lain; gunakan NIB yang sama untuk semua izin usaha Anda.", "en": "You are already registered with another NIB; use the same NIB for all your permits."},
    "nib_taken": {"id": "NIB ini sudah terdaftar atas nama pelaku usaha lain.", "en": "This NIB is already registered to another business owner."},
    "action_not_allowed": {"id": "Tindakan '{action}' tidak dapat dilakukan pada permohonan berstatus '{status}'.", "en": "The action '{action}' is not allowed on an application in status '{status}'."},
    "permit_already_revoked": {"id": "Izin ini sudah dicabut.", "en": "This permit has already been revoked."},
    "nib_required_for_issue": {"id": "Izin untuk kegiatan ini terbit seketika dan NIB adalah izinnya: isi NIB (13 digit dari OSS).", "en": "This activity's permit is issued at once and the NIB is the permit: give your NIB (13 digits, from OSS)."},
    "nib_required": {"id": "Izin belum dapat diterbitkan karena NIB belum ada (status '{status}'); pemohon perlu mengisi NIB.", "en": "The permit cannot be issued without an NIB (status '{status}'); the applicant must give it."},
    "document_type_unknown": {"id": "Jenis dokumen ini tidak ada dalam daftar dokumen persyaratan katalog perizinan.", "en": "This document type is not among the catalog's required documents."},
    "document_empty": {"id": "Berkas kosong.", "en": "The file is empty."},
    "document_too_large": {"id": "Berkas terlalu besar; paling besar {max_bytes} byte.", "en": "The file is too large; at most {max_bytes} bytes."},
    "document_content_invalid": {"id": "Isi berkas bukan PDF, JPEG atau PNG yang utuh.", "en": "The file's content is not a complete PDF, JPEG or PNG."},
    "document_content_mismatch": {"id": "Berkas dikirim sebagai {declared}, tetapi isinya {detected}.", "en": "The file was sent as {declared}, but its content is {detected}."},
    "document_name_mismatch": {"id": "Ekstensi nama berkas tidak sesuai dengan isinya ({detected}).", "en": "The file name's extension does not match its content ({detected})."},
    "document_not_found": {"id": "Dokumen ini tidak ditemukan di antara dokumen yang Anda unggah.", "en": "This document is not among the documents you uploaded."},
    "document_duplicate": {"id": "Dokumen yang sama disebut dua kali.", "en": "The same document is listed twice."},
    "too_many_documents": {"id": "Paling banyak {max} dokumen per permohonan.", "en": "At most {max} documents per application."},
    "documents_missing": {"id": "Dokumen persyaratan belum lengkap; belum ada: {missing}.", "en": "Required documents are missing: {missing}."},
    "document_unavailable": {"id": "Berkas dokumen ini sedang tidak dapat dibaca; hubungi DPMPTSP.", "en": "This document's file cannot be read right now; contact the DPMPTSP."},
    "tax_unavailable": {"id": "Layanan pajak daerah sedang tidak dapat dihubungi untuk menerbitkan tagihan retribusi; persetujuan belum disimpan, coba lagi sebentar lagi.", "en": "The regional tax service cannot be reached to issue the fee bill; the approval was not saved, try again shortly."},
    "fee_bill_conflict": {"id": "Layanan pajak sudah memiliki tagihan lain untuk permohonan ini.", "en": "The tax service already holds a different bill for this application."},
    "fee_bill_failed": {"id": "Tagihan retribusi tidak dapat diterbitkan; persetujuan belum disimpan.", "en": "The fee bill could not be issued; the approval was not saved."},
})

i18n.register({
    "fee_cancel_unavailable": {"id": "Layanan pajak daerah sedang tidak dapat dihubungi untuk membatalkan tagihan retribusi; permohonan belum ditarik, coba lagi sebentar lagi.", "en": "The regional tax service cannot be reached to cancel the fee bill; the application was not withdrawn, try again shortly."},
    "fee_already_paid": {"id": "Retribusi permohonan ini sudah dibayar, sehingga permohonan tidak dapat ditarik; izin akan diproses.", "en": "This application's fee is paid already, so it cannot be withdrawn; the permit will be processed."},
    "fee_cancel_failed": {"id": "Tagihan retribusi tidak dapat dibatalkan; permohonan belum ditarik. Hubungi DPMPTSP.", "en": "The fee bill could not be cancelled; the application was not withdrawn. Contact the DPMPTSP."},
    "fee_bill_not_cancelled": {"id": "Permohonan ini baru saja ditagih retribusi ('{status}'); tarik sekali lagi agar tagihannya dibatalkan lebih dulu.", "en": "This application was just billed its fee ('{status}'); withdraw once more so that the bill is cancelled first."},
})

i18n.register({
    "not_licensing_office": {
        "id": "Hanya petugas DPMPTSP (kantor perizinan) yang dapat menangani izin usaha.",
        "en": "Only officers of a licensing office (DPMPTSP) can handle business permits.",
    },
})
