# Copyright 2026 The utter-va Authors
#
# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""utter-va: sell the spare capacity of an OpenStack cloud for Bitcoin."""

from oslo_service import backend as _service_backend

# NOTE: utter-va never uses eventlet. Selecting the threading backend of
# oslo.service before anything asks for a backend keeps every service,
# looping call and thread group on native threads.
_service_backend.register_backend_default_hook(
    lambda: _service_backend.BackendType.THREADING)
