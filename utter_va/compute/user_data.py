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

"""The user data of a sold server: the buyer's SSH key and own user data.

The SSH key goes in through cloud-init (``ssh_authorized_keys``), so no
keypair is created in the service's project and nothing is left behind to
clean up; the cloud-config is written by a YAML serializer, never by string
formatting. When the buyer also gave user data, both are sent as one MIME
multipart document, which cloud-init reads part by part.

The buyer's user data is taken as Nova takes it: base64 when it is valid
base64 (then decoded here, once, since novaclient encodes what it sends),
plain text otherwise. Nova accepts at most :data:`NOVA_MAX_BYTES` of user
data after base64; :func:`nova_size` counts it so.
"""

import base64
import binascii
from email.mime import application
from email.mime import multipart
from email.mime import text
import re

import yaml

#: Nova's limit on a server's user data, counted after base64.
NOVA_MAX_BYTES = 65535

_BASE64 = re.compile(r'^[A-Za-z0-9+/]+={0,2}$')
_GZIP_MAGIC = b'\x1f\x8b'


def _cloud_config(ssh_public_key):
    document = {'ssh_authorized_keys': [ssh_public_key.strip()]}
    return '#cloud-config\n' + yaml.safe_dump(
        document, default_flow_style=False)


def payload(user_data):
    """The bytes the server is to see of the buyer's user data."""
    compact = ''.join(user_data.split())
    if compact and len(compact) % 4 == 0 and _BASE64.match(compact):
        try:
            return base64.b64decode(compact, validate=True)
        except binascii.Error:
            pass
    return user_data.encode('utf-8')


def _part(data):
    try:
        content = data.decode('utf-8')
    except UnicodeDecodeError:
        subtype = 'x-gzip' if data.startswith(_GZIP_MAGIC) else (
            'octet-stream')
        return application.MIMEApplication(data, subtype)
    subtype = ('x-shellscript' if content.startswith('#!')
               else 'cloud-config' if content.startswith('#cloud-config')
               else 'plain')
    return text.MIMEText(content, subtype)


def build(ssh_public_key=None, user_data=None):
    """Return the user data to boot with (str; bytes if binary), or None."""
    data = payload(user_data) if user_data else None
    if not ssh_public_key:
        if not data:
            return None
        try:
            return data.decode('utf-8')
        except UnicodeDecodeError:
            return data
    config = _cloud_config(ssh_public_key)
    if not data:
        return config
    document = multipart.MIMEMultipart()
    document.attach(text.MIMEText(config, 'cloud-config'))
    document.attach(_part(data))
    return document.as_string()


def nova_size(ssh_public_key=None, user_data=None):
    """The size Nova counts of the user data :func:`build` makes."""
    built = build(ssh_public_key, user_data)
    if built is None:
        return 0
    if isinstance(built, str):
        built = built.encode('utf-8')
    return len(base64.b64encode(built))
