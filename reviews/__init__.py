"""Review work: assignments, dispositions, stage gates, approvals, exports and the dashboard."""
