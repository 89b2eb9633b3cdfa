"""Request bodies of the order routes.

``hours`` is bounded here only loosely: the real maximum follows
``[payment] maximum_duration_seconds`` and is checked by the view.
"""

#: An OpenSSH public key line: type, base64 blob, optional comment.
SSH_PUBLIC_KEY = {
    'type': 'string',
    'minLength': 40,
    'maxLength': 16384,
    'pattern': r'^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) '
               r'[A-Za-z0-9+/]+={0,3}( [^\r\n]{0,255})?$',
}

#: User data as Nova takes it: base64 or plain text, at most 64 KiB.
USER_DATA = {'type': 'string', 'minLength': 1, 'maxLength': 65536}

HOURS = {'type': 'integer', 'minimum': 1, 'maximum': 87600}

CALLBACK_URL = {'type': 'string', 'maxLength': 2048,
                'pattern': r'^https?://[^\s/?#@]+(/[^\s]*)?$'}

NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}

PLACE_ORDER = {
    'type': 'object',
    'properties': {
        'flavor': NAME,
        'image': NAME,
        'ssh_public_key': SSH_PUBLIC_KEY,
        'user_data': USER_DATA,
        'hours': HOURS,
        'callback_url': CALLBACK_URL,
    },
    # NOTE: "ssh_public_key and/or user_data" is checked by the view, so
    # that its 400 names a field rather than quoting the whole body.
    'required': ['flavor', 'image', 'hours'],
    'additionalProperties': False,
}

TOPUP = {
    'type': 'object',
    'properties': {'hours': HOURS},
    'required': ['hours'],
    'additionalProperties': False,
}
