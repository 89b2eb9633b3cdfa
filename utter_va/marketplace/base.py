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

"""The interface of a marketplace driver."""

import abc


class MarketplaceDriver(metaclass=abc.ABCMeta):
    """Advertises this cloud's offers and reports its orders' fates.

    Built once per process (see :mod:`utter_va.common.loader`). The
    engine calls :meth:`start` when it starts and :meth:`stop` when it
    stops, and the two hints whenever something changed. A driver does
    its remote work on threads of its own: no method may block the
    caller on the network.
    """

    name = None

    @abc.abstractmethod
    def start(self):
        """Start publishing (on the driver's own thread)."""

    @abc.abstractmethod
    def stop(self):
        """Stop publishing; return within a few seconds."""

    @abc.abstractmethod
    def offers_changed(self):
        """A price or the capacity changed: publish the offers soon."""

    @abc.abstractmethod
    def order_changed(self):
        """Orders changed state: report the new transitions soon.

        The driver reads the changes from the transition log itself,
        after a cursor it keeps in the database, so that none is lost
        across restarts.
        """

    @abc.abstractmethod
    def status(self):
        """What the driver is doing, as a dict of plain values."""
