"""Shared runtime of the Gorontalo platform's services."""
