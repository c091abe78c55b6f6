"""Guidelines, sections and their history, versions, consultations, comments and imports."""
