"""The ``openstack utter`` command plugin (osc-lib)."""
