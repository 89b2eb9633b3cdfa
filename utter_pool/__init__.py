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

"""utter-pool: the marketplace where clouds advertise signed offers.

Clouds running utter-va join a pool with their Ed25519 public key and then
publish signed documents (:mod:`utter_protocol.documents`): offers, order
events, key rotations, leaving. The pool verifies each one and serves
buyers a search over every cloud's fresh offers. It imports nothing of
``utter_va``: :mod:`utter_protocol` is all the two share.
"""
