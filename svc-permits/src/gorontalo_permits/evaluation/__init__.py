"""Measuring the pre-check on synthetic labelled documents (issue 22)."""
