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

"""Operator routes: the price of each flavor."""

import flask

from utter_va.api import policy
from utter_va.api.schemas import prices as schemas
from utter_va.api import validation
from utter_va.common import loader
from utter_va.compute import cloud
from utter_va.compute import rules as net_rules
from utter_va.db import prices as db_prices
from utter_va.engine import rpcapi
from utter_va import exception
from utter_va.i18n import _

prices = flask.Blueprint('prices', __name__)

PRICING_NAMESPACE = 'utter_va.pricing'

_PUBLIC_FIELDS = ('flavor_id', 'flavor_name', 'vcpus', 'ram_mb', 'disk_gb',
                  'images', 'max_units', 'enabled', 'pricing_driver',
                  'ingress_rules', 'allow_image_url', 'created_at',
                  'updated_at')


def price_view(row):
    """The API's shape of a price row (sats, not msat)."""
    view = {k: row.get(k) for k in _PUBLIC_FIELDS}
    view['sats_per_hour'] = row['price_msat_per_hour'] // 1000
    return view


@prices.get('/v1/prices')
def list_prices():
    """List the prices of flavors."""
    policy.authorize('utter:price:list')
    return {'prices': [price_view(p) for p in db_prices.price_list()]}


@prices.get('/v1/prices/<flavor>')
def show_price(flavor):
    """Show the price of a flavor (by Nova name or id), with its history."""
    policy.authorize('utter:price:get')
    price = db_prices.price_get(flavor)
    view = price_view(price)
    view['history'] = [
        {'action': h['action'], 'changed_at': h['changed_at'],
         'changed_by': h['changed_by'],
         'sats_per_hour': (h['price_msat_per_hour'] or 0) // 1000}
        for h in db_prices.price_history(price['flavor_id'])]
    return view


def _check_pricing_driver(name):
    """Raise Invalid naming pricing_driver unless ``name`` loads."""
    try:
        loader.load(PRICING_NAMESPACE, name)
    except (exception.DriverNotFound, exception.DriverLoadError) as exc:
        raise exception.Invalid(reason=_(
            'pricing_driver: %(error)s Installed: %(names)s.') % {
                'error': exc,
                'names': ', '.join(loader.names(PRICING_NAMESPACE))})


@prices.put('/v1/prices/<flavor>')
@validation.body(schemas.SET_PRICE)
def set_price(flavor, body):
    """Set the price of a flavor (by Nova name or id).

    The flavor's size is read from Nova when the price is set.
    """
    policy.authorize('utter:price:set')
    if 'pricing_driver' in body:
        _check_pricing_driver(body['pricing_driver'])
    net_rules.validate(body.get('ingress_rules') or ())
    details = cloud.get().nova.flavor(flavor)
    values = {
        'flavor_id': details['id'], 'flavor_name': details['name'],
        'vcpus': details['vcpus'], 'ram_mb': details['ram'],
        'disk_gb': details['disk'] + (details['ephemeral'] or 0),
        'price_msat_per_hour': body['sats_per_hour'] * 1000,
    }
    for key in ('images', 'max_units', 'enabled', 'pricing_driver',
                'ingress_rules', 'allow_image_url'):
        if key in body:
            values[key] = body[key]
    row = db_prices.price_set(values,
                              changed_by=flask.g.context.user_id)
    rpcapi.EngineAPI().prices_changed()
    return price_view(row)


set_price.api_responses = {'200': 'The price as stored.'}


@prices.delete('/v1/prices/<flavor>')
def delete_price(flavor):
    """Stop selling a flavor (by Nova name or id); its history stays."""
    policy.authorize('utter:price:delete')
    db_prices.price_delete(flavor, changed_by=flask.g.context.user_id)
    rpcapi.EngineAPI().prices_changed()
    return '', 204


delete_price.api_responses = {'204': 'Deleted.'}
