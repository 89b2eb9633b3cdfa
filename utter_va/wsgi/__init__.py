"""WSGI entry points, for uwsgi, gunicorn or Apache mod_wsgi."""
