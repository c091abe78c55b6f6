"""The demo: a realistic review of the Child Online Protection guidelines (`manage.py demo`)."""
