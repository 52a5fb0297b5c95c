"""Words of Tanya Layanan (/tanya and its box on the home page). The answers themselves come from the
platform in the language asked for (Accept-Language)."""

TEXTS = {
    "assist_title": {"id": "Tanya Layanan", "en": "Ask about services"},
    "assist_lead": {
        "id": "Tanyakan syarat izin, pajak, pengaduan atau lapor bencana. Jawaban diambil dari sumber resmi "
        "platform, dengan tautannya. Jangan tulis NIK atau nomor HP Anda.",
        "en": "Ask about permit requirements, taxes, complaints or reporting a disaster. Answers come from the "
        "platform's official sources, with their links. Do not write your NIK or phone number.",
    },
    "assist_field_question": {"id": "Pertanyaan Anda", "en": "Your question"},
    "assist_button": {"id": "Tanyakan", "en": "Ask"},
    "assist_examples": {"id": "Contoh pertanyaan", "en": "Example questions"},
    "assist_more": {"id": "Buka Tanya Layanan", "en": "Open Ask about services"},
    "assist_question_required": {"id": "Tulis pertanyaan Anda.", "en": "Write your question."},
    "assist_question_too_long": {
        "id": "Pertanyaan paling panjang {n} huruf.",
        "en": "A question may be at most {n} characters.",
    },
    "assist_answer_heading": {"id": "Jawaban", "en": "Answer"},
    "assist_asked": {"id": "Pertanyaan", "en": "Question"},
    "assist_sources_heading": {"id": "Sumber", "en": "Sources"},
    "assist_source_link": {"id": "Buka sumber", "en": "Open the source"},
    "assist_source_stale": {
        "id": "Sumber ini belum bisa diperbarui; isinya sesuai yang terakhir dibaca.",
        "en": "This source could not be refreshed; it is as last read.",
    },
    "assist_next_heading": {"id": "Langkah berikutnya", "en": "What you can do next"},
    "assist_kind_unknown": {"id": "Kami tidak tahu", "en": "We do not know"},
    "assist_kind_own_case": {"id": "Tentang urusan Anda sendiri", "en": "About your own case"},
    "assist_honest": {
        "id": "Tanya Layanan hanya menjawab dari sumber resmi dan tidak menebak. Untuk keputusan atas "
        "permohonan Anda, petugaslah yang memutuskan.",
        "en": "Ask about services answers only from official sources and never guesses. Decisions on your "
        "applications are made by officers.",
    },
    "assist_too_many_seconds": {
        "id": "Maaf, terlalu banyak pertanyaan dari sambungan ini. Silakan coba lagi dalam {n} detik.",
        "en": "Sorry, too many questions from this connection. Please try again in {n} seconds.",
    },
    "assist_too_many_minutes": {
        "id": "Maaf, terlalu banyak pertanyaan dari sambungan ini. Silakan coba lagi dalam {n} menit.",
        "en": "Sorry, too many questions from this connection. Please try again in {n} minutes.",
    },
    "assist_too_many_later": {
        "id": "Maaf, terlalu banyak pertanyaan dari sambungan ini. Silakan coba lagi sebentar lagi.",
        "en": "Sorry, too many questions from this connection. Please try again in a little while.",
    },
    "assist_unavailable": {
        "id": "Tanya Layanan sedang tidak dapat menjawab. Coba lagi nanti, atau sampaikan lewat formulir pengaduan.",
        "en": "Ask about services cannot answer right now. Try again later, or use the complaint form.",
    },
    "nav_assist": {"id": "Tanya Layanan", "en": "Ask about services"},
}
