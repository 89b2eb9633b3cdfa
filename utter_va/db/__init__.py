"""Persistence of utter-va: models, enginefacade API and migrations."""
