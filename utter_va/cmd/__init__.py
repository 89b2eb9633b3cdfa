"""Entry points of the utter-va commands."""
