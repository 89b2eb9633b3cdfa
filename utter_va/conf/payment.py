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

"""Options of payments ([payment] group)."""

from oslo_config import cfg

payment_group = cfg.OptGroup(
    'payment',
    title='Payment options',
    help='How buyers pay, and the rules that turn payments into paid time.')

payment_opts = [
    cfg.StrOpt('driver',
               default='fake',
               help='The payment driver, by its name in the utter_va.payment '
                    'namespace. "fake" takes no real money: payments are '
                    'made with `utter-va-manage payment simulate`.'),
    cfg.IntOpt('request_lifetime',
               default=900,
               min=60,
               help='Seconds a payment request stays payable; an unpaid '
                    'order holds a unit of capacity only that long.'),
    cfg.IntOpt('minimum_purchase_seconds',
               default=3600,
               min=1,
               help='The least paid time the first payment(s) of an order '
                    'must buy. Less is held on the order until enough '
                    'arrives or the request expires, then owed back.'),
    cfg.IntOpt('maximum_duration_seconds',
               default=30 * 24 * 3600,
               min=60,
               help='The most paid time one order may hold. What a payment '
                    'brings beyond it is recorded as owed back.'),
    cfg.BoolOpt('allow_insecure_http',
                default=False,
                help='Allow every payment driver a plain http url to a host '
                     'that is not loopback, although its credentials then '
                     'travel in clear. Off, only loopback hosts may be '
                     'reached over http; each driver\'s group has the same '
                     'option for that driver alone.'),
    cfg.IntOpt('max_live_requests_per_order',
               default=3,
               min=1,
               help='How many payment requests one order may have live '
                    '(not yet expired) at once, its first one included. A '
                    'top-up for the amount of a live, still unpaid top-up '
                    'request gets that request again; past the limit a '
                    'top-up answers 429 until one expires. This bounds the '
                    'invoices and addresses a buyer makes the processor '
                    'create, and what the engine polls.'),
]


def register_opts(conf):
    conf.register_group(payment_group)
    conf.register_opts(payment_opts, group=payment_group)


def list_opts():
    return {payment_group: payment_opts}
