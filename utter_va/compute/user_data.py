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
clean up. When the buyer also gave user data, both are sent as one MIME
multipart document, which cloud-init reads part by part.
"""

from email.mime import multipart
from email.mime import text


def _cloud_config(ssh_public_key):
    return '#cloud-config\nssh_authorized_keys:\n  - %s\n' % (
        ssh_public_key.strip())


def build(ssh_public_key=None, user_data=None):
    """Return the user data to boot with (a str), or None."""
    if not ssh_public_key:
        return user_data or None
    config = _cloud_config(ssh_public_key)
    if not user_data:
        return config
    document = multipart.MIMEMultipart()
    document.attach(text.MIMEText(config, 'cloud-config'))
    subtype = ('x-shellscript' if user_data.startswith('#!')
               else 'cloud-config' if user_data.startswith('#cloud-config')
               else 'plain')
    document.attach(text.MIMEText(user_data, subtype))
    return document.as_string()
