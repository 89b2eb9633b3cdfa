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

"""schemathesis against a real pool: no generated request gets a 5xx.

A real ``utter-pool-api`` on its own PostgreSQL database (see
:class:`utter_pool.tests.functional.test_pool.PoolProcess`), with one
approved cloud and its offers so that the reads find something. Every
operation of api-ref/utter-pool-openapi.json gets ``EXAMPLES`` valid and
``EXAMPLES`` invalid requests (hypothesis, derandomized, no example
database) and schemathesis' ``not_a_server_error`` check. Generated
signed bodies fail verification with a 4xx, which is what they should
get; the rate limits are off so that every request reaches its route.
"""

import json
import os
import time

import testtools
from testtools import content

from utter_pool.tests.functional import test_pool
from utter_pool.tests.unit import fakes

OPENAPI = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                       'api-ref', 'utter-pool-openapi.json')
NO_LIMITS = ('[pool]\nsearch_rate_limit = 0\njoin_rate_limit = 0\n'
             'publish_rate_limit = 0\n')


class TestSchemathesis(testtools.TestCase):

    EXAMPLES = 150

    def setUp(self):
        super().setUp()
        self.pool = self.useFixture(test_pool.PoolProcess(NO_LIMITS))
        cloud = fakes.FakeCloud('Cloud S')
        self.pool.call('POST', '/v1/clouds', cloud.join())
        self.pool.manage('cloud', 'approve', cloud.id)
        status, accepted = self.pool.call(
            'POST', '/v1/documents',
            cloud.offers(fakes.flavor(), fakes.flavor(
                flavor_id='f2', vcpus=4, sats_per_hour=9000)))
        self.assertEqual(202, status, accepted)

    def test_no_server_errors(self):
        import hypothesis
        import schemathesis
        from schemathesis.checks import not_a_server_error

        with open(OPENAPI) as f:
            schema = schemathesis.openapi.from_dict(json.load(f))
        ran, failures = [], []
        settings = hypothesis.settings(
            max_examples=self.EXAMPLES, deadline=None, database=None,
            derandomize=True, phases=[hypothesis.Phase.generate],
            suppress_health_check=list(hypothesis.HealthCheck))
        started = time.monotonic()
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (schemathesis.GenerationMode.POSITIVE,
                         schemathesis.GenerationMode.NEGATIVE):
                @settings
                @hypothesis.given(case=operation.as_strategy(mode))
                def call(case):
                    response = case.call(base_url=self.pool.url,
                                         timeout=30)
                    ran.append(operation.label)
                    try:
                        case.validate_response(
                            response, checks=[not_a_server_error])
                    except (AssertionError, BaseExceptionGroup) as exc:
                        failures.append('%s -> %d %s (%s)' % (
                            case.as_curl_command(), response.status_code,
                            response.text[:300], str(exc)[:200]))
                try:
                    call()
                except hypothesis.errors.Unsatisfiable:
                    # NOTE: nothing to make invalid (no parameter, no
                    # body): there is no negative case of this operation.
                    self.assertEqual(schemathesis.GenerationMode.NEGATIVE,
                                     mode)
        elapsed = time.monotonic() - started
        summary = '%d cases over %d operations in %.1f s, %d 5xx' % (
            len(ran), len(set(ran)), elapsed, len(failures))
        print(summary)
        self.addDetail('schemathesis', content.text_content(summary))
        self.assertEqual([], failures, summary)
        self.assertEqual(15, len(set(ran)), summary)
