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

"""The project's real OpenStack (tools/minicloud) for functional tests.

The contract:

* :class:`MinicloudFixture` makes sure the cloud is up, once per test run:
  ``tools/minicloud status`` tells whether it is, ``tools/minicloud up``
  starts it (and returns at once when it is already up), and an fcntl lock
  on ``$MINICLOUD_STATE.lock`` keeps parallel stestr workers from starting
  it twice.
* A cloud that cannot start fails the test that asked for it, loudly, with
  the tail of ``up``'s output: functional tests never skip.
* When it was the test run that started the cloud, a marker file
  (``$MINICLOUD_STATE.started-by-tests``) says so, and
  ``python -m utter_va.tests.functional.minicloud stop-if-started``, run by
  tools/run-tests at the end of the run, stops it. A cloud that was up
  before the run is left alone.
* The fixture exposes the paths that ``status`` prints (``openrc``,
  ``clouds_yaml``, ``utter_conf``, ``state_dir``), the parsed clouds.yaml
  (``clouds``: ``minicloud-admin``, ``minicloud-utter``,
  ``minicloud-member``, ``minicloud-reader``), the cloud's URLs and password
  (``values``, also ``auth_url`` and ``transport_url``), and keystoneauth
  sessions for each cloud entry (``session()``).

The MINICLOUD_* variables of tools/minicloud (state directory, ports, name)
are passed on to it, so a test run can use a cloud of its own.
"""

import fcntl
import json
import os
import subprocess
import sys

import fixtures

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
MINICLOUD = os.path.join(TOP, 'tools', 'minicloud')
STATE = os.environ.get('MINICLOUD_STATE', '/tmp/utter-va-minicloud')
LOCK_FILE = STATE + '.lock'
STARTED_MARKER = STATE + '.started-by-tests'


class MinicloudError(Exception):
    """The cloud could not be brought up."""


def _status():
    result = subprocess.run([MINICLOUD, 'status'], capture_output=True,
                            text=True)
    if result.returncode != 0:
        return None
    return dict(line.split('=', 1) for line in result.stdout.splitlines()
                if '=' in line)


def ensure_up():
    """Bring the cloud up unless it is; return its status as a dict."""
    with open(LOCK_FILE, 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        status = _status()
        if status is not None:
            return status
        result = subprocess.run([MINICLOUD, 'up'], capture_output=True,
                                text=True, timeout=1200)
        if result.returncode != 0:
            raise MinicloudError('tools/minicloud up failed:\n%s%s' % (
                result.stdout[-6000:], result.stderr[-3000:]))
        with open(STARTED_MARKER, 'w') as marker:
            marker.write('started by the functional tests\n')
        status = _status()
        if status is None:
            raise MinicloudError('tools/minicloud up returned but the '
                                 'cloud is not up')
        return status


def stop_if_started():
    """Stop the cloud when this test run started it."""
    if not os.path.exists(STARTED_MARKER):
        return 0
    os.unlink(STARTED_MARKER)
    return subprocess.run([MINICLOUD, 'down']).returncode


class MinicloudFixture(fixtures.Fixture):
    """The running cloud: paths of its client files and its credentials.

    Attributes: ``openrc``, ``clouds_yaml``, ``utter_conf`` (paths),
    ``clouds`` (the parsed clouds.yaml), ``values`` (URLs and passwords).
    """

    def _setUp(self):
        status = ensure_up()
        self.openrc = status['openrc']
        self.clouds_yaml = status['clouds_yaml']
        self.utter_conf = status['utter_conf']
        self.state_dir = status['state_dir']
        with open(self.clouds_yaml) as f:
            self.clouds = json.load(f)['clouds']
        with open(os.path.join(self.state_dir, 'etc', 'values.json')) as f:
            self.values = json.load(f)
        self.auth_url = self.values['auth_url']
        self.transport_url = self.values['transport_url']

    def auth(self, cloud='minicloud-admin'):
        """Return keystoneauth Password arguments for one cloud entry."""
        return dict(self.clouds[cloud]['auth'])

    def session(self, cloud='minicloud-admin'):
        """Return a keystoneauth session for one cloud entry."""
        from keystoneauth1.identity import v3
        from keystoneauth1 import session
        return session.Session(auth=v3.Password(**self.auth(cloud)))


if __name__ == '__main__':
    if sys.argv[1:] == ['stop-if-started']:
        sys.exit(stop_if_started())
    if sys.argv[1:] == ['up']:
        print(json.dumps(ensure_up(), indent=2))
        sys.exit(0)
    sys.exit('usage: python -m utter_va.tests.functional.minicloud '
             '{up,stop-if-started}')
