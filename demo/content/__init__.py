"""Demo content written for Concord: guideline text, organisations, users and comment templates."""
