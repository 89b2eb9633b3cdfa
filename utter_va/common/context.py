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

"""The request context of utter-va, built on oslo.context."""

from oslo_context import context


class RequestContext(context.RequestContext):
    """Who is asking: a Keystone-authenticated operator, or nobody.

    Buyers and payment processors are anonymous: their context has no user
    and no roles, and policy never lets them reach an operator route.
    """

    @classmethod
    def anonymous(cls, request_id=None):
        """Return the context of a request without a Keystone token."""
        return cls(request_id=request_id, is_admin=False, roles=[])
