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

"""Write the pool API's OpenAPI document.

``python -m utter_pool.cmd.api_ref [FILE]`` prints the document of the
application (or writes it to FILE); ``tox -e api-ref`` writes
api-ref/utter-pool-openapi.json, which a unit test compares with the
application.
"""

import sys

from utter_pool.api import app as api_app
from utter_pool.api import openapi


def main(argv=None):
    """Print the document, or write it to the file named as argument."""
    argv = sys.argv[1:] if argv is None else argv
    text = openapi.dumps(openapi.generate(api_app.create_flask_app()))
    if argv:
        with open(argv[0], 'w') as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == '__main__':
    main()
