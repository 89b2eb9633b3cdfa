"""utter-va: sell the spare capacity of an OpenStack cloud for Bitcoin."""

from oslo_service import backend as _service_backend

# NOTE: utter-va never uses eventlet. Selecting the threading backend of
# oslo.service before anything asks for a backend keeps every service,
# looping call and thread group on native threads.
_service_backend.register_backend_default_hook(
    lambda: _service_backend.BackendType.THREADING)
