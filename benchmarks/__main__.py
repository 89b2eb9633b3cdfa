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

"""Run one benchmark: ``python -m benchmarks <name>``.

Each prints a table and, as its last line, ``RESULT <name> key=value ...``.
"""

import importlib
import sys

NAMES = ('api_latency', 'capacity_recompute', 'ingest', 'pool_accept',
         'pool_search')


def main(argv):
    if len(argv) != 1 or argv[0] not in NAMES:
        sys.exit('usage: python -m benchmarks {%s}' % ','.join(NAMES))
    importlib.import_module('benchmarks.' + argv[0]).run()


if __name__ == '__main__':
    main(sys.argv[1:])
