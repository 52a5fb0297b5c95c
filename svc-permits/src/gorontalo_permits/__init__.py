"""svc-permits: business permits (izin usaha) under Indonesia's risk-based licensing (OSS-RBA)."""
