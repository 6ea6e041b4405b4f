"""Fixtures for the Slack wire tests."""
