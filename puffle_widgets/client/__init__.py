"""Typed sync and async clients for the Puffle campaign AI chat session API."""
