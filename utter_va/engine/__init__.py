"""The utter-va engine: follows the cloud and runs the order lifecycle."""
