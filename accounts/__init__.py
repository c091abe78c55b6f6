"""Organisations, users and their roles: the lowest domain app, every other app builds on it."""
