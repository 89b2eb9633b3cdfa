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

"""Request bodies of the order routes.

``hours`` is bounded here only loosely: the real maximum follows
``[payment] maximum_duration_seconds`` and is checked by the view.
"""

#: An OpenSSH public key line: type, base64 blob, optional comment. The
#: view parses it strictly (utter_va.api.validation.ssh_public_key).
SSH_PUBLIC_KEY = {
    'type': 'string',
    'minLength': 40,
    'maxLength': 16384,
    'pattern': r'^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|'
               r'sk-ssh-ed25519@openssh\.com|'
               r'sk-ecdsa-sha2-nistp256@openssh\.com) '
               r'[A-Za-z0-9+/]+={0,2}( [^\r\n]{0,255})?$',
}

#: User data as Nova takes it: base64 or plain text. The view checks what
#: Nova counts: at most 65535 bytes after base64, SSH key included.
USER_DATA = {'type': 'string', 'minLength': 1, 'maxLength': 65536}

HOURS = {'type': 'integer', 'minimum': 1, 'maximum': 87600}

#: An http(s) URL; its port, host and addresses are checked by the view
#: (utter_va.common.callback_urls.check_placed), as the engine checks them.
CALLBACK_URL = {'type': 'string', 'maxLength': 2048,
                'pattern': r'^https?://[^\s/?#@]+(/[^\s]*)?$'}

NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255}

#: A buyer's own image: its URL (scheme, host and addresses are checked by
#: the view, utter_va.common.image_urls), disk format and checksum.
IMAGE_URL = CALLBACK_URL
IMAGE_DISK_FORMAT = {'type': 'string', 'minLength': 1, 'maxLength': 16}
IMAGE_CHECKSUM = {'type': 'string', 'minLength': 1, 'maxLength': 140}

PLACE_ORDER = {
    'type': 'object',
    'properties': {
        'flavor': NAME,
        'image': NAME,
        'image_url': IMAGE_URL,
        'image_disk_format': IMAGE_DISK_FORMAT,
        'image_checksum': IMAGE_CHECKSUM,
        'ssh_public_key': SSH_PUBLIC_KEY,
        'user_data': USER_DATA,
        'hours': HOURS,
        'callback_url': CALLBACK_URL,
    },
    # NOTE: "ssh_public_key and/or user_data" and "image or image_url" are
    # checked by the view, so that a 400 names a field rather than quoting
    # the whole body.
    'required': ['flavor', 'hours'],
    'additionalProperties': False,
}

TOPUP = {
    'type': 'object',
    'properties': {'hours': HOURS},
    'required': ['hours'],
    'additionalProperties': False,
}

#: A buyer's reboot: SOFT (the guest is asked) or HARD (power cycle).
REBOOT = {
    'type': 'object',
    'properties': {'type': {'type': 'string', 'enum': ['SOFT', 'HARD']}},
    'additionalProperties': False,
}

#: A buyer's rebuild, from the order's own image: optionally a new key.
REBUILD = {
    'type': 'object',
    'properties': {'ssh_public_key': SSH_PUBLIC_KEY},
    'additionalProperties': False,
}
