"""Write the API's OpenAPI document: ``tox -e api-ref``.

``python -m utter_va.cmd.api_ref [FILE]`` prints the document of the
application (or writes it to FILE); ``tox -e api-ref`` writes
api-ref/openapi.json, which a unit test compares with the application.
"""

import sys

from utter_va.api import app as api_app
from utter_va.api import openapi


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
