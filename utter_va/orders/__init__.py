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

"""The order domain: every rule about an order, in one place.

:mod:`~utter_va.orders.states` holds the states and the one transition
table; :mod:`~utter_va.orders.transitions` the one way to lock an order
and change its state; :mod:`~utter_va.orders.ledger` the crediting rules;
:mod:`~utter_va.orders.closing` the close reasons and what is owed back;
:mod:`~utter_va.orders.holds` and :mod:`~utter_va.orders.sales` what an
order holds and may be sold; :mod:`~utter_va.orders.lifecycle` what each
order's server should be; :mod:`~utter_va.orders.actions` how that is made
so, with no row lock held during a remote call.
"""
