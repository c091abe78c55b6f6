"""Selectors of the consultation app: every read that matters, one module per area."""
