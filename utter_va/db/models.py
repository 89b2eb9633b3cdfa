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

"""SQLAlchemy models of the whole utter-va domain.

Every amount of money is an integer number of millisatoshis (``*_msat``), so
on-chain and Lightning payments share one unit and no float ever touches
money. Times are naive UTC datetimes, as oslo.utils' timeutils gives them.
"""

import base64
import datetime
import secrets

import sqlalchemy as sa
from sqlalchemy import orm

from oslo_db.sqlalchemy import types as db_types
from oslo_utils import timeutils

# NOTE: MySQL cannot index TEXT and limits index keys to 3072 bytes, so every
# column that is looked up is a bounded String.
UUID_LEN = 36
NAME_LEN = 255
STATE_LEN = 32
PAY_CODE_LEN = 32

_NAMING_CONVENTION = {
    'ix': 'ix_%(table_name)s_%(column_0_N_name)s',
    'uq': 'uq_%(table_name)s_%(column_0_N_name)s',
    'ck': 'ck_%(table_name)s_%(constraint_name)s',
    'fk': 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
    'pk': 'pk_%(table_name)s',
}

# MySQL DATETIME has second precision unless told otherwise; paid time is
# counted in seconds but ordering of events wants sub-second precision.
DateTime = sa.DateTime().with_variant(
    sa.dialects.mysql.DATETIME(fsp=6), 'mysql')
JSONType = db_types.JsonEncodedDict
JSONList = db_types.JsonEncodedList
MediumText = sa.Text().with_variant(sa.dialects.mysql.MEDIUMTEXT(), 'mysql')


def _utcnow():
    return timeutils.utcnow()


def new_pay_code():
    """A random pay code: 26 characters of a-z and 2-7 (128 bits)."""
    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip(
        '=').lower()


class Base(orm.DeclarativeBase):
    """Declarative base of every utter-va model."""

    metadata = sa.MetaData(naming_convention=_NAMING_CONVENTION)

    def to_dict(self):
        """Return the columns of this row as a plain dict."""
        return {c.key: getattr(self, c.key)
                for c in sa.inspect(self).mapper.column_attrs}


class TimestampMixin:
    """created_at and updated_at columns, maintained by SQLAlchemy."""

    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        DateTime, nullable=False, default=_utcnow)
    updated_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime, nullable=True, onupdate=_utcnow)


class Service(Base, TimestampMixin):
    """One running utter-va process (engine or API), by host and binary."""

    __tablename__ = 'services'
    __table_args__ = (
        sa.UniqueConstraint('host', 'binary'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    host: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    binary: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    version: orm.Mapped[str | None] = orm.mapped_column(sa.String(NAME_LEN))
    started_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
    last_seen_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)


class ResourceProvider(Base, TimestampMixin):
    """A compute node's resource provider as utter-va last saw it.

    Filled from Placement (inventories, usages, generation) and from Nova's
    notifications (service state, CPU load). ``generation`` and the
    ``*_at`` timestamps let the engine refuse stale data: an older
    generation or an older notification never overwrites a newer one.
    """

    __tablename__ = 'resource_providers'

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    uuid: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LEN), unique=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN), index=True)
    generation: orm.Mapped[int] = orm.mapped_column(default=0)
    service_host: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(NAME_LEN), index=True)
    service_disabled: orm.Mapped[bool] = orm.mapped_column(default=False)
    service_up: orm.Mapped[bool] = orm.mapped_column(default=True)
    service_updated_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    cpu_load_percent: orm.Mapped[float | None] = orm.mapped_column(sa.Float)
    metrics_updated_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    synced_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)

    inventories: orm.Mapped[list['ProviderInventory']] = orm.relationship(
        back_populates='provider', cascade='all, delete-orphan',
        lazy='selectin')


class ProviderInventory(Base):
    """One resource class of a provider: Placement's inventory and usage."""

    __tablename__ = 'provider_inventories'
    __table_args__ = (
        sa.UniqueConstraint('provider_id', 'resource_class'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    provider_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey('resource_providers.id', ondelete='CASCADE'))
    resource_class: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    total: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    reserved: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, default=0)
    min_unit: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, default=1)
    max_unit: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    step_size: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, default=1)
    allocation_ratio: orm.Mapped[float] = orm.mapped_column(
        sa.Float, default=1.0)
    used: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, default=0)

    provider: orm.Mapped[ResourceProvider] = orm.relationship(
        back_populates='inventories')


class FlavorPrice(Base, TimestampMixin):
    """The operator's offer for one Nova flavor."""

    __tablename__ = 'flavor_prices'

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    flavor_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(NAME_LEN), unique=True)
    flavor_name: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    vcpus: orm.Mapped[int]
    ram_mb: orm.Mapped[int]
    disk_gb: orm.Mapped[int]
    images: orm.Mapped[list] = orm.mapped_column(JSONList, default=list)
    price_msat_per_hour: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    max_units: orm.Mapped[int | None]
    enabled: orm.Mapped[bool] = orm.mapped_column(default=True)
    pricing_driver: orm.Mapped[str] = orm.mapped_column(
        sa.String(NAME_LEN), default='fixed')
    #: What reaches the servers sold (see utter_va.compute.rules); None:
    #: ``[network] default_ingress_rules``.
    ingress_rules: orm.Mapped[list | None] = orm.mapped_column(JSONList)
    #: Whether buyers may boot an image of their own, from a URL.
    allow_image_url: orm.Mapped[bool] = orm.mapped_column(
        default=False, server_default=sa.false())


class FlavorPriceChange(Base):
    """Append-only history of the operator's price changes."""

    __tablename__ = 'flavor_price_changes'
    __table_args__ = (
        sa.Index(None, 'flavor_id', 'changed_at'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    flavor_id: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    action: orm.Mapped[str] = orm.mapped_column(sa.String(STATE_LEN))
    price_msat_per_hour: orm.Mapped[int | None] = orm.mapped_column(
        sa.BigInteger)
    images: orm.Mapped[list | None] = orm.mapped_column(JSONList)
    max_units: orm.Mapped[int | None]
    enabled: orm.Mapped[bool | None]
    pricing_driver: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(NAME_LEN))
    ingress_rules: orm.Mapped[list | None] = orm.mapped_column(JSONList)
    allow_image_url: orm.Mapped[bool | None]
    changed_by: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(NAME_LEN))
    changed_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        DateTime, default=_utcnow)


class FlavorCapacity(Base):
    """Sellable units of one priced flavor, as the engine last computed."""

    __tablename__ = 'flavor_capacity'

    flavor_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(NAME_LEN), primary_key=True)
    fit_units: orm.Mapped[int] = orm.mapped_column(default=0)
    held_units: orm.Mapped[int] = orm.mapped_column(default=0)
    sellable_units: orm.Mapped[int] = orm.mapped_column(default=0)
    computed_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        DateTime, default=_utcnow)


class Order(Base, TimestampMixin):
    """A buyer's order: one instance of one flavor, paid by the hour.

    ``state`` only ever changes through
    :func:`utter_va.orders.transitions.transition`, under the row's lock
    and as the transition table allows; every change is appended to
    :class:`OrderTransition`.
    """

    __tablename__ = 'orders'
    __table_args__ = (
        sa.Index(None, 'state', 'paid_until'),
        sa.Index(None, 'state', 'state_deadline'),
        sa.Index(None, 'client_network', 'state'),
        sa.Index(None, 'state_deadline'),
    )

    id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LEN), primary_key=True)
    state: orm.Mapped[str] = orm.mapped_column(sa.String(STATE_LEN))
    close_reason: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(NAME_LEN))
    state_deadline: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    flavor_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(NAME_LEN), index=True)
    flavor_name: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    image: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    price_msat_per_hour: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    hours_requested: orm.Mapped[int] = orm.mapped_column(default=1)
    paid_msat: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, default=0)
    credited_seconds: orm.Mapped[int] = orm.mapped_column(
        sa.BigInteger, default=0)
    paid_until: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
    server_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(UUID_LEN), index=True)
    server_addresses: orm.Mapped[dict | None] = orm.mapped_column(JSONType)
    #: The server's state as Nova last reported it (ACTIVE, SUSPENDED,
    #: ERROR, DELETED, ...), and when Nova said so.
    server_state: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(STATE_LEN))
    server_state_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    boot_attempts: orm.Mapped[int] = orm.mapped_column(default=0)
    boot_requested_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    #: A reboot the buyer asked for: SOFT or HARD (None: no reboot asked).
    reboot_type: orm.Mapped[str | None] = orm.mapped_column(sa.String(8))
    #: When the engine decided to send the buyer's reboot or rebuild to
    #: Nova (None: not sent yet); Nova's ACTIVE reported after it ends it.
    task_sent_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    #: The price's ingress rules when the order was placed (None: the
    #: configured default), and the order's own resources in Neutron.
    ingress_rules: orm.Mapped[list | None] = orm.mapped_column(JSONList)
    security_group_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(UUID_LEN))
    floating_ip_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(UUID_LEN))
    floating_ip_address: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))
    #: A buyer's own image (see utter_va.orders.images): its URL, disk
    #: format and "sha256:<hex>" or "sha512:<hex>" checksum; the Glance
    #: image it is imported into, when the import started, and when the
    #: image was found ACTIVE with that checksum (None: not yet).
    image_url: orm.Mapped[str | None] = orm.mapped_column(sa.String(2048))
    image_disk_format: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(16))
    image_checksum: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(140))
    image_glance_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(UUID_LEN), index=True)
    image_import_started_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    image_imported_at: orm.Mapped[datetime.datetime | None] = (
        orm.mapped_column(DateTime))
    token_hash: orm.Mapped[str] = orm.mapped_column(sa.String(128))
    ssh_public_key: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    user_data: orm.Mapped[str | None] = orm.mapped_column(MediumText)
    callback_url: orm.Mapped[str | None] = orm.mapped_column(sa.String(2048))
    client_network: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(64))
    activated_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
    suspended_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
    closed_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
    #: Names the order in its LNURL-pay link and Lightning address, which
    #: anybody may pay: it opens nothing but paying the order.
    pay_code: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(PAY_CODE_LEN), unique=True, default=new_pay_code)


class OrderTransition(Base):
    """Append-only log of the state changes of orders, with their cause."""

    __tablename__ = 'order_transitions'
    __table_args__ = (
        sa.Index(None, 'order_id', 'id'),
    )

    id: orm.Mapped[int] = orm.mapped_column(
        sa.BigInteger().with_variant(sa.Integer, 'sqlite'), primary_key=True)
    order_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('orders.id', ondelete='CASCADE'))
    from_state: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(STATE_LEN))
    to_state: orm.Mapped[str] = orm.mapped_column(sa.String(STATE_LEN))
    cause: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    detail: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    actor: orm.Mapped[str | None] = orm.mapped_column(sa.String(NAME_LEN))
    #: When the engine published this change (notification, callbacks);
    #: NULL until then. Transitions are the outbox of those messages.
    published_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime, index=True)
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        DateTime, default=_utcnow)


class PaymentRequest(Base, TimestampMixin):
    """A request for payment issued by a payment driver for an order.

    An address or an invoice belongs to exactly one payment request, forever:
    the unique constraints make reuse of a paid address impossible.
    """

    __tablename__ = 'payment_requests'
    __table_args__ = (
        sa.UniqueConstraint('driver', 'external_id'),
        sa.UniqueConstraint('driver', 'address'),
        sa.Index(None, 'status', 'expires_at'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    order_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey('orders.id', ondelete='CASCADE'), index=True)
    purpose: orm.Mapped[str] = orm.mapped_column(
        sa.String(STATE_LEN), default='order')
    driver: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    external_id: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    address: orm.Mapped[str | None] = orm.mapped_column(sa.String(NAME_LEN))
    invoice: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    payment_uri: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    amount_msat: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    received_msat: orm.Mapped[int] = orm.mapped_column(
        sa.BigInteger, default=0)
    expires_at: orm.Mapped[datetime.datetime] = orm.mapped_column(DateTime)
    status: orm.Mapped[str] = orm.mapped_column(
        sa.String(STATE_LEN), default='pending')


class Payment(Base, TimestampMixin):
    """One real payment, recorded once per driver and money key.

    The money key is unique per real payment (BTCPay payment id, bitcoind
    ``txid:vout``, LND ``r_hash``), so a redelivered event never credits
    twice. ``order_id`` is empty for an orphan payment.
    """

    __tablename__ = 'payments'
    __table_args__ = (
        sa.UniqueConstraint('driver', 'money_key'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    driver: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    money_key: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    payment_request_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('payment_requests.id', ondelete='SET NULL'),
        index=True)
    order_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.ForeignKey('orders.id', ondelete='SET NULL'), index=True)
    amount_msat: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    confirmations: orm.Mapped[int] = orm.mapped_column(default=0)
    status: orm.Mapped[str] = orm.mapped_column(sa.String(STATE_LEN))
    credited_msat: orm.Mapped[int] = orm.mapped_column(
        sa.BigInteger, default=0)
    credited_seconds: orm.Mapped[int] = orm.mapped_column(
        sa.BigInteger, default=0)
    reversed_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)


class Refund(Base, TimestampMixin):
    """An amount owed back to a buyer, with the reason it is owed."""

    __tablename__ = 'refunds'
    __table_args__ = (
        sa.Index(None, 'status', 'created_at'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    order_id: orm.Mapped[str | None] = orm.mapped_column(
        sa.ForeignKey('orders.id', ondelete='SET NULL'), index=True)
    payment_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey('payments.id', ondelete='SET NULL'), index=True)
    amount_msat: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    reason: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    status: orm.Mapped[str] = orm.mapped_column(
        sa.String(STATE_LEN), default='owed')
    settled_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)


class DriverCursor(Base):
    """Where a payment driver stopped reading its processor's stream.

    For example LND's last ``settle_index`` or bitcoind's last block hash,
    so that a restarted engine resumes instead of starting over.
    """

    __tablename__ = 'driver_cursors'

    driver: orm.Mapped[str] = orm.mapped_column(
        sa.String(NAME_LEN), primary_key=True)
    name: orm.Mapped[str] = orm.mapped_column(
        sa.String(NAME_LEN), primary_key=True)
    value: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    updated_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        DateTime, default=_utcnow, onupdate=_utcnow)


class IdempotencyKey(Base):
    """A buyer's Idempotency-Key and the answer it was given."""

    __tablename__ = 'idempotency_keys'
    __table_args__ = (
        sa.UniqueConstraint('scope', 'key'),
        sa.Index(None, 'created_at'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    scope: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    key: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    request_hash: orm.Mapped[str] = orm.mapped_column(sa.String(64))
    status_code: orm.Mapped[int]
    response_body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    created_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        DateTime, default=_utcnow)


class CallbackDelivery(Base, TimestampMixin):
    """One POST of an order's state change to the buyer's callback URL.

    Retried with backoff until it is delivered or abandoned; the lifecycle
    never waits for it.
    """

    __tablename__ = 'callback_deliveries'
    __table_args__ = (
        sa.Index(None, 'status', 'next_attempt_at'),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    order_id: orm.Mapped[str] = orm.mapped_column(
        sa.String(UUID_LEN), sa.ForeignKey('orders.id', ondelete='CASCADE'),
        index=True)
    transition_id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger)
    url: orm.Mapped[str] = orm.mapped_column(sa.String(2048))
    event_type: orm.Mapped[str] = orm.mapped_column(sa.String(NAME_LEN))
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    status: orm.Mapped[str] = orm.mapped_column(
        sa.String(STATE_LEN), default='pending')
    attempts: orm.Mapped[int] = orm.mapped_column(default=0)
    next_attempt_at: orm.Mapped[datetime.datetime] = orm.mapped_column(
        DateTime)
    last_error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    delivered_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)


class MarketplaceDocument(Base):
    """What the marketplace last did with one kind of document.

    One row per kind (join, offers, events, rotate_key, leave): the pool
    and cloud it went to, the sequence and digest of the last document the
    pool accepted and when, and the last error (None after a success), so
    that the API process can show the driver's state without asking it.
    """

    __tablename__ = 'marketplace_documents'

    kind: orm.Mapped[str] = orm.mapped_column(
        sa.String(STATE_LEN), primary_key=True)
    cloud: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    pool_url: orm.Mapped[str | None] = orm.mapped_column(sa.String(2048))
    #: The cloud's status at the pool as last heard (pending, approved,
    #: refused, suspended, left, ...).
    pool_status: orm.Mapped[str | None] = orm.mapped_column(
        sa.String(STATE_LEN))
    sequence: orm.Mapped[int | None] = orm.mapped_column(sa.BigInteger)
    document: orm.Mapped[str | None] = orm.mapped_column(sa.String(64))
    accepted_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
    attempted_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
    last_error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    last_error_at: orm.Mapped[datetime.datetime | None] = orm.mapped_column(
        DateTime)
