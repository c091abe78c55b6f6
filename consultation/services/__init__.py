"""Services of the consultation app: every write, one module per area."""
