"""Run one benchmark: ``python -m benchmarks <name>``.

Each prints a table and, as its last line, ``RESULT <name> key=value ...``.
"""

import importlib
import sys

NAMES = ('api_latency', 'capacity_recompute', 'ingest')


def main(argv):
    if len(argv) != 1 or argv[0] not in NAMES:
        sys.exit('usage: python -m benchmarks {%s}' % ','.join(NAMES))
    importlib.import_module('benchmarks.' + argv[0]).run()


if __name__ == '__main__':
    main(sys.argv[1:])
