"""Benchmarks of utter-va: ``tox -e bench -- <name>`` (see __main__)."""
