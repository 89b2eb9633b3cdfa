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

"""The buyers' search over every approved cloud's fresh offers.

An offer is shown while its cloud is approved, its offers document was
accepted less than ``[pool] freshness_window`` seconds ago and has not
expired. Results are ordered by a sort key that ends with the offer id,
so ``marker`` pagination (the rows after the marker's sort values) is
stable while offers come and go.
"""

import datetime
import json

import sqlalchemy as sa

from utter_pool.db import api as db_api
from utter_pool.db import models
from utter_pool.db import reliability
from utter_pool import exception
from utter_pool.i18n import _

_R = models.Reliability
_O = models.Offer
#: Sorts by (expression, ascending); every one ends with the offer's id.
SORTS = {
    'price': [(_O.sats_per_hour, True), (_O.id, True)],
    'reliability': [(sa.func.coalesce(_R.active_share, -1.0), False),
                    (_O.sats_per_hour, True), (_O.id, True)],
    'time_to_active': [
        (sa.func.coalesce(_R.median_seconds_to_active, 1e15), True),
        (_O.sats_per_hour, True), (_O.id, True)],
}


def _base(now, freshness_window):
    fresh_since = now - datetime.timedelta(seconds=freshness_window)
    return (sa.select(_O, models.Cloud, _R)
            .join(models.Cloud, models.Cloud.id == _O.cloud_id)
            .outerjoin(_R, _R.cloud_id == _O.cloud_id)
            .where(models.Cloud.status == 'approved',
                   _O.accepted_at >= fresh_since,
                   _O.expires_at > now))


def _filtered(query, filters):
    for name, column in (('min_vcpus', _O.vcpus), ('min_ram_mb', _O.ram_mb),
                         ('min_disk_gb', _O.disk_gb)):
        if filters.get(name) is not None:
            query = query.where(column >= filters[name])
    if filters.get('max_sats_per_hour') is not None:
        query = query.where(_O.sats_per_hour <= filters['max_sats_per_hour'])
    if filters.get('region'):
        query = query.where(_O.region == filters['region'])
    if filters.get('country'):
        query = query.where(_O.country == filters['country'])
    if filters.get('image'):
        query = query.where(sa.exists().where(
            models.OfferImage.offer_id == _O.id,
            models.OfferImage.image == filters['image']))
    if filters.get('min_reliability'):
        query = query.where(_R.active_share >= filters['min_reliability'])
    return query


def _after(sort, values):
    """Rows after the marker's sort ``values``, in the sort's order."""
    clauses = []
    for i, (expression, ascending) in enumerate(sort):
        equal = [e == v for (e, _a), v in zip(sort[:i], values)]
        beyond = (expression > values[i] if ascending
                  else expression < values[i])
        clauses.append(sa.and_(*equal, beyond))
    # NOTE: the bound on the first key alone is implied by the clauses,
    # but only it can be an index condition (offers_price_idx): without
    # it, the next page scans the index from its start.
    first, ascending = sort[0]
    bound = first >= values[0] if ascending else first <= values[0]
    return sa.and_(bound, sa.or_(*clauses))


def search(filters, sort_name, limit, marker, now, freshness_window):
    """A page of offers as dicts, best first."""
    sort = SORTS[sort_name]
    with db_api.reader() as session:
        query = _filtered(_base(now, freshness_window), filters)
        if marker:
            values = session.execute(
                sa.select(*[e for e, _a in sort])
                .select_from(_O)
                .outerjoin(_R, _R.cloud_id == _O.cloud_id)
                .where(_O.id == marker)).first()
            if values is None:
                raise exception.Invalid(reason=_(
                    'marker: no offer %s.') % marker)
            query = query.where(_after(sort, values))
        query = query.order_by(*[e.asc() if a else e.desc()
                                 for e, a in sort]).limit(limit)
        return [as_dict(o, c, r) for o, c, r in session.execute(query)]


def get(offer_id, now, freshness_window):
    """One offer shown in search, or NotFound."""
    with db_api.reader() as session:
        row = session.execute(
            _base(now, freshness_window).where(_O.id == offer_id)).first()
        if row is None:
            raise exception.NotFound(what=_('Offer'), id=offer_id)
        return as_dict(*row)


def as_dict(offer, cloud, figures):
    """The public view of an offer, with its cloud and their figures."""
    return {
        'id': offer.id,
        'flavor_id': offer.flavor_id,
        'flavor_name': offer.flavor_name,
        'vcpus': offer.vcpus,
        'ram_mb': offer.ram_mb,
        'disk_gb': offer.disk_gb,
        'images': json.loads(offer.images),
        'image_url': offer.image_url,
        'sats_per_hour': offer.sats_per_hour,
        'units_available': offer.units_available,
        'min_hours': offer.min_hours,
        'max_hours': offer.max_hours,
        'accepted_at': offer.accepted_at,
        'expires_at': offer.expires_at,
        'document': offer.document_id,
        'via': cloud.via,
        'cloud': {'id': cloud.id, 'name': cloud.name, 'via': cloud.via,
                  'region': cloud.region, 'country': cloud.country,
                  'storefront_url': cloud.storefront_url,
                  'api_url': cloud.api_url},
        'reliability': reliability.as_dict(figures),
    }
