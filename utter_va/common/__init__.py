"""Pieces shared by the utter-va services."""
