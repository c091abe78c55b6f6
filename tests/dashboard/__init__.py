"""Tests of the coordinators' dashboard and its tallies."""
