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


"""What a document can be refused for."""


class ProtocolError(Exception):
    """A document, envelope or key that does not follow the protocol."""

    #: The HTTP status a pool answers with.
    code = 400

    def __init__(self, reason):
        self.reason = reason
        super().__init__(reason)


class BadSignature(ProtocolError):
    """A signature that is not the named key's."""

    code = 403


class Stale(ProtocolError):
    """A document expired, not yet valid, or not newer than the last."""

    code = 409


class NotAllowed(ProtocolError):
    """A well-signed document that the rules do not let its signer make."""

    code = 403
