"""Tests of utter-va."""
