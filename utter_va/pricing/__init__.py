"""Pricing drivers, loaded with stevedore (utter_va.pricing namespace)."""
