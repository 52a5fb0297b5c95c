"""One blueprint per concern: home (beranda), signup (daftar), auth (masuk, keluar), me (saya)."""
