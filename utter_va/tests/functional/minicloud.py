"""The project's real OpenStack (tools/minicloud) for functional tests.

:class:`MinicloudFixture` makes sure the cloud is up, once per test run:
``tools/minicloud up`` returns at once when it already is, and an fcntl lock
keeps parallel stestr workers from starting it twice. When it was this test
run that started the cloud, a marker file says so, and
``python -m utter_va.tests.functional.minicloud stop-if-started`` (run by
tools/run-tests at the end of the run) stops it; a cloud that was up before
the run is left alone. A cloud that cannot start fails the tests, loudly:
they never skip.
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
