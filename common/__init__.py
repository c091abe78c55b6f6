"""Small pieces every app shares: domain errors, pagination, conditional writes."""
