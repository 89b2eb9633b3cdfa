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

"""Request bodies of the price routes."""

SET_PRICE = {
    'type': 'object',
    'properties': {
        'sats_per_hour': {'type': 'integer', 'minimum': 1,
                          'maximum': 100_000_000_000},
        'images': {'type': 'array', 'maxItems': 50, 'uniqueItems': True,
                   'items': {'type': 'string', 'minLength': 1,
                             'maxLength': 255}},
        'max_units': {'type': ['integer', 'null'], 'minimum': 0},
        'enabled': {'type': 'boolean'},
        'pricing_driver': {'type': 'string', 'minLength': 1,
                           'maxLength': 255},
        # NOTE: each rule's form is checked by utter_va.compute.rules.
        'ingress_rules': {'type': ['array', 'null'], 'maxItems': 50,
                          'uniqueItems': True,
                          'items': {'type': 'string', 'minLength': 1,
                                    'maxLength': 32}},
        'allow_image_url': {'type': 'boolean'},
    },
    'required': ['sats_per_hour'],
    'additionalProperties': False,
}
