"""Test doubles: a Slack Web API on loopback."""
