"""The utter-va REST API: operator, buyer and webhook routes."""
