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

"""SQLAlchemy models of utter-pool.

``clouds`` and their ``cloud_keys``; every accepted signed document in
``documents`` (its ``seq`` orders the public feed); the ``offers`` each
cloud's last offers document made, with ``offer_images`` to filter by
image; the anonymous ``order_events``; the last accepted sequence per
cloud and kind in ``cloud_sequences``; the reliability figures computed
from the events in ``reliability``; ``feed_counter``, the one row whose
lock hands out feed numbers in commit order; and ``federation_cursors``,
how far this pool has read each followed pool's feed. Groups: their
``groups``, the signed ``group_links`` of each chain and the
``group_members`` the verified chain makes.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy import orm

_HEX64 = sa.String(64)
# NOTE: MySQL's DATETIME keeps whole seconds and its TEXT 64 KiB unless
# told otherwise; an envelope may have 256 KiB.
DATETIME = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')
MEDIUMTEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


class Base(orm.DeclarativeBase):
    """Base of every model: ``to_dict()`` of the columns."""

    def to_dict(self):
        return {c.key: getattr(self, c.key)
                for c in sa.inspect(self).mapper.column_attrs}


class Cloud(Base):
    """A cloud that joined: its public fields and the operator's decision."""

    __tablename__ = 'clouds'

    id = sa.Column(_HEX64, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default='')
    region = sa.Column(sa.String(255), nullable=False, index=True)
    country = sa.Column(sa.String(2), nullable=False, index=True)
    latitude = sa.Column(sa.Double)
    longitude = sa.Column(sa.Double)
    api_url = sa.Column(sa.String(2048), nullable=False)
    storefront_url = sa.Column(sa.String(2048), nullable=False)
    status = sa.Column(sa.String(16), nullable=False, index=True)
    created_at = sa.Column(DATETIME, nullable=False)
    updated_at = sa.Column(DATETIME, nullable=False)
    #: The followed pool this cloud was learned from; None if it joined
    #: this pool itself.
    via = sa.Column(sa.String(2048))


class CloudKey(Base):
    """A public key of a cloud; the current one has no ``valid_until``."""

    __tablename__ = 'cloud_keys'

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'),
                         nullable=False, index=True)
    public_key = sa.Column(sa.String(64), nullable=False, unique=True)
    valid_from = sa.Column(DATETIME, nullable=False)
    valid_until = sa.Column(DATETIME)


class CloudSequence(Base):
    """The last sequence accepted of one cloud and kind."""

    __tablename__ = 'cloud_sequences'

    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'),
                         primary_key=True)
    kind = sa.Column(sa.String(16), primary_key=True)
    sequence = sa.Column(sa.BigInteger, nullable=False)
    document_id = sa.Column(_HEX64, nullable=False)
    accepted_at = sa.Column(DATETIME, nullable=False)


class Document(Base):
    """An accepted signed envelope, kept byte for byte (canonical JSON)."""

    __tablename__ = 'documents'
    __table_args__ = (
        sa.UniqueConstraint('cloud_id', 'kind', 'sequence',
                            name='uniq_documents0cloud_kind_sequence'),
    )

    #: The hex SHA-256 of the canonical envelope.
    id = sa.Column(_HEX64, primary_key=True)
    #: The document's place in the public feed.
    seq = sa.Column(sa.BigInteger, nullable=False, unique=True)
    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'),
                         nullable=False)
    kind = sa.Column(sa.String(16), nullable=False)
    sequence = sa.Column(sa.BigInteger)
    envelope = sa.Column(MEDIUMTEXT, nullable=False)
    accepted_at = sa.Column(DATETIME, nullable=False)


class FeedCounter(Base):
    """The one row whose lock numbers the feed in commit order."""

    __tablename__ = 'feed_counter'

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
    last = sa.Column(sa.BigInteger, nullable=False)


class Offer(Base):
    """One flavor a cloud sells now, as its last offers document says."""

    __tablename__ = 'offers'
    __table_args__ = (
        sa.Index('offers_price_idx', 'sats_per_hour', 'id'),
        sa.UniqueConstraint('cloud_id', 'flavor_id',
                            name='uniq_offers0cloud_flavor'),
    )

    #: Stable across heartbeats: derived from the cloud and flavor ids.
    id = sa.Column(sa.String(32), primary_key=True)
    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'),
                         nullable=False, index=True)
    document_id = sa.Column(_HEX64, nullable=False)
    flavor_id = sa.Column(sa.String(255), nullable=False)
    flavor_name = sa.Column(sa.String(255), nullable=False)
    vcpus = sa.Column(sa.Integer, nullable=False, index=True)
    ram_mb = sa.Column(sa.BigInteger, nullable=False, index=True)
    disk_gb = sa.Column(sa.BigInteger, nullable=False, index=True)
    images = sa.Column(MEDIUMTEXT, nullable=False)
    image_url = sa.Column(sa.Boolean, nullable=False, default=False)
    sats_per_hour = sa.Column(sa.BigInteger, nullable=False)
    units_available = sa.Column(sa.Integer, nullable=False)
    min_hours = sa.Column(sa.Integer, nullable=False)
    max_hours = sa.Column(sa.Integer, nullable=False)
    region = sa.Column(sa.String(255), nullable=False, index=True)
    country = sa.Column(sa.String(2), nullable=False, index=True)
    accepted_at = sa.Column(DATETIME, nullable=False, index=True)
    expires_at = sa.Column(DATETIME, nullable=False, index=True)


class OfferImage(Base):
    """An image an offer boots: what the search's image filter reads."""

    __tablename__ = 'offer_images'

    offer_id = sa.Column(sa.String(32),
                         sa.ForeignKey('offers.id', ondelete='CASCADE'),
                         primary_key=True)
    image = sa.Column(sa.String(255), primary_key=True, index=True)


class OrderEvent(Base):
    """A state an anonymous order reached, as its cloud reported."""

    __tablename__ = 'order_events'
    __table_args__ = (
        sa.UniqueConstraint('cloud_id', 'order_hash', 'state',
                            name='uniq_order_events0cloud_order_state'),
        sa.Index('order_events_cloud_at_idx', 'cloud_id', 'at'),
    )

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'),
                         nullable=False)
    order_hash = sa.Column(_HEX64, nullable=False)
    state = sa.Column(sa.String(16), nullable=False)
    at = sa.Column(DATETIME, nullable=False)
    flavor_id = sa.Column(sa.String(255))
    close_reason = sa.Column(sa.String(64))
    document_id = sa.Column(_HEX64, nullable=False)


class Reliability(Base):
    """The figures of one cloud over the reliability window."""

    __tablename__ = 'reliability'

    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'),
                         primary_key=True)
    orders_paid = sa.Column(sa.Integer, nullable=False)
    active_share = sa.Column(sa.Double)
    median_seconds_to_active = sa.Column(sa.Double)
    failure_share = sa.Column(sa.Double)
    paid_time_over_share = sa.Column(sa.Double)
    computed_at = sa.Column(DATETIME, nullable=False)


class FederationCursor(Base):
    """How far this pool read a followed pool's feed, and who reads it now.

    ``lease_holder`` and ``lease_until`` reserve the cursor for one
    follower process at a time (see :mod:`utter_pool.db.federation`).
    """

    __tablename__ = 'federation_cursors'

    #: The hex SHA-256 of ``url``.
    id = sa.Column(_HEX64, primary_key=True)
    url = sa.Column(sa.String(2048), nullable=False)
    last_seq = sa.Column(sa.BigInteger, nullable=False, default=0)
    accepted = sa.Column(sa.BigInteger, nullable=False, default=0)
    refused = sa.Column(sa.BigInteger, nullable=False, default=0)
    lease_holder = sa.Column(sa.String(64))
    lease_until = sa.Column(DATETIME)
    polled_at = sa.Column(DATETIME)
    last_error = sa.Column(sa.Text)


class Group(Base):
    """A group of clouds, as its verified chain of links makes it."""

    __tablename__ = 'groups'

    #: The digest of its create document.
    id = sa.Column(_HEX64, primary_key=True)
    owner_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default='')
    #: The number of links; the next link's sequence.
    length = sa.Column(sa.Integer, nullable=False)
    #: The digest of the last link's envelope.
    head = sa.Column(_HEX64, nullable=False)
    created_at = sa.Column(DATETIME, nullable=False)
    updated_at = sa.Column(DATETIME, nullable=False)


class GroupLink(Base):
    """One signed link of a group's chain, kept byte for byte."""

    __tablename__ = 'group_links'

    group_id = sa.Column(_HEX64, sa.ForeignKey('groups.id'),
                         primary_key=True)
    sequence = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'), nullable=False)
    kind = sa.Column(sa.String(16), nullable=False)
    #: The hex SHA-256 of the canonical envelope.
    document_id = sa.Column(_HEX64, nullable=False, unique=True)
    envelope = sa.Column(MEDIUMTEXT, nullable=False)
    accepted_at = sa.Column(DATETIME, nullable=False)


class GroupMember(Base):
    """A current member of a group (its owner included)."""

    __tablename__ = 'group_members'

    group_id = sa.Column(_HEX64, sa.ForeignKey('groups.id'),
                         primary_key=True)
    cloud_id = sa.Column(_HEX64, sa.ForeignKey('clouds.id'),
                         primary_key=True, index=True)
