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


"""The protocol between utter-va clouds and utter-pool marketplaces.

This package is all that the two sides share: the signed documents a
cloud sends a pool (:mod:`utter_protocol.documents`, with their JSON
schemas), their canonical serialization (RFC 8785, JSON Canonicalization
Scheme: :mod:`utter_protocol.canonical`) and their Ed25519 signatures and
keys (:mod:`utter_protocol.signing`). It imports nothing of ``utter_va``
or ``utter_pool``; a test proves it.
"""

#: The version of the protocol every document names.
VERSION = 1
