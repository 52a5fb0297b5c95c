"""svc-inbox: one timeline and one set of notifications for each resident, from every service's events."""
