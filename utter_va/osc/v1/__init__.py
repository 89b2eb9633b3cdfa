"""Version 1 of the ``openstack utter`` commands."""
