"""Marketplace drivers, loaded with stevedore from utter_va.marketplace."""
