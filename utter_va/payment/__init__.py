"""Payment drivers, loaded with stevedore (utter_va.payment namespace)."""
