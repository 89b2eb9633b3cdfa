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

"""The secret order token a buyer gets once, and its stored digest.

Only the SHA-256 digest of a token is stored. The digest is also the key
that signs the order's callbacks (HMAC-SHA256), so a buyer, who knows the
token, can check them without another secret.
"""

import hashlib
import hmac
import secrets


def new():
    """A fresh order token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(token):
    """The hex SHA-256 digest of ``token``, as stored in orders.token_hash."""
    return hashlib.sha256(token.encode('utf-8')).hexdigest()


def matches(token, stored_digest):
    """Compare a presented token with a stored digest in constant time."""
    if not token or not stored_digest:
        return False
    return hmac.compare_digest(digest(token), stored_digest)
