"""Unit tests of the ``openstack utter`` command plugin."""
