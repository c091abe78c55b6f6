"""Dashboard: tallies kept by triggers, one-query read, rebuild."""
