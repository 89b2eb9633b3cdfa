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
    },
    'required': ['sats_per_hour'],
    'additionalProperties': False,
}
