#!/usr/bin/env python3
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

"""minicloud: a minimal but real OpenStack on 127.0.0.1, for tests and demos.

It runs Keystone (fernet tokens), Placement, Glance (file store, one tiny
image), a real neutron-server (ML2 with minicloud's own mechanism driver
and the L3 router plugin, no agents; an external network, a router and a
tenant network of the service project), nova-api, nova-conductor,
nova-scheduler and two nova-compute services (``compute1``, ``compute2``)
with a fake virt driver, on MariaDB and on a RabbitMQ vhost of their own,
with no systemd and no containers. Standard library only: it runs with the
machine's python3 and builds the cloud's own virtualenv.

    minicloud up       install (cached) and start; at once if already up
    minicloud status   key=value lines; exit 1 when the cloud is not up
    minicloud down     stop what it started (by pid), drop its databases,
                       its vhost and its state directory

Environment: MINICLOUD_STATE (default /tmp/utter-va-minicloud),
MINICLOUD_CACHE (default ~/.cache/utter-va/minicloud), MINICLOUD_PORT_BASE
(default 17000; five ports from there), MINICLOUD_NAME (default
``minicloud``: the RabbitMQ vhost and the prefix of the databases; another
name, with another state directory and port base, runs a second cloud
beside the first), MINICLOUD_PYTHON (default python3.11, else python3).

`down`, and `up` before it starts anew, stop the processes that this cloud
started and only those (see owned()): the ones of its pid files, their
children, and the ones marked MINICLOUD_OWNER=<state directory> in their
environment, whether or not their pid files are still there; TERM, then
KILL after 10 s.
"""

import argparse
import base64
import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request

import configs

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
STATE = os.environ.get('MINICLOUD_STATE', '/tmp/utter-va-minicloud')
CACHE = os.environ.get('MINICLOUD_CACHE', os.path.expanduser(
    '~/.cache/utter-va/minicloud'))
PORT_BASE = int(os.environ.get('MINICLOUD_PORT_BASE', '17000'))
PORTS = {'keystone': PORT_BASE, 'placement': PORT_BASE + 1,
         'glance': PORT_BASE + 2, 'neutron': PORT_BASE + 3,
         'nova': PORT_BASE + 4}
COMPUTES = ('compute1', 'compute2')
DATABASES = ('keystone', 'placement', 'glance', 'neutron', 'nova_api',
             'nova_cell0', 'nova')
NAME = os.environ.get('MINICLOUD_NAME', 'minicloud')
VHOST = NAME
OWNER = 'MINICLOUD_OWNER=' + STATE
PASSWORD = 'minicloud-secret'
READY_FILE = 'ready.json'

_T0 = time.monotonic()


def say(message):
    """Print one line of progress, with the time since the start."""
    try:
        print('[%6.1fs] %s' % (time.monotonic() - _T0, message), flush=True)
    except BrokenPipeError:
        # NOTE: whoever read our output went away; carry on regardless.
        pass


class Failure(Exception):
    """A step of `up` failed; the message says which and why."""


def run(argv, log=None, env=None, check=True, timeout=600):
    """Run a command; on failure raise Failure with the tail of its output."""
    result = subprocess.run(argv, capture_output=True, text=True, env=env,
                            timeout=timeout)
    if log:
        with open(log, 'a') as f:
            f.write('$ %s\n%s%s' % (' '.join(argv), result.stdout,
                                    result.stderr))
    if check and result.returncode != 0:
        tail = '\n'.join((result.stdout + result.stderr).splitlines()[-25:])
        raise Failure('%s failed (exit %d):\n%s' % (
            ' '.join(argv), result.returncode, tail))
    return result


def state_path(*parts):
    return os.path.join(STATE, *parts)


# The virtualenv ---------------------------------------------------------

def python_for_venv():
    candidate = os.environ.get('MINICLOUD_PYTHON')
    for name in filter(None, (candidate, 'python3.11', 'python3')):
        path = shutil.which(name)
        if path:
            return path
    raise Failure('no python3 found for the minicloud virtualenv')


def venv_dir():
    """The virtualenv's path: keyed on the pins and the Python version."""
    key = hashlib.sha256()
    for name in ('requirements.txt', 'constraints.txt'):
        with open(os.path.join(HERE, name), 'rb') as f:
            key.update(f.read())
    python = python_for_venv()
    key.update(run([python, '-c', 'import sys; print(sys.version)'])
               .stdout.encode())
    return os.path.join(CACHE, 'venv-' + key.hexdigest()[:12])


def ensure_venv():
    """Build the virtualenv unless the cache has it; install the driver."""
    venv = venv_dir()
    stamp = os.path.join(venv, '.minicloud-installed')
    os.makedirs(CACHE, exist_ok=True)
    with open(venv + '.lock', 'w') as lock:
        # NOTE: two clouds (two state directories) may share the cache.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(stamp):
            install_venv(venv)
            with open(stamp, 'w') as f:
                f.write(time.strftime('%Y-%m-%dT%H:%M:%SZ\n',
                                      time.gmtime()))
        install_driver(venv)
    return venv


def install_venv(venv):
    """A fresh virtualenv with the pinned OpenStack, installed by uv."""
    say('installing OpenStack into %s (once per machine)' % venv)
    shutil.rmtree(venv, ignore_errors=True)
    run([python_for_venv(), '-m', 'venv', venv])
    python = os.path.join(venv, 'bin', 'python')
    # NOTE: uv inside the virtualenv, not a shim on PATH that may not run.
    run([python, '-m', 'pip', 'install', '--quiet',
         '--disable-pip-version-check', 'uv'])
    uv = os.path.join(venv, 'bin', 'uv')
    run([uv, 'pip', 'install', '--quiet', '--python', python,
         '-r', os.path.join(HERE, 'requirements.txt'),
         '-c', os.path.join(HERE, 'constraints.txt')], timeout=900)


def install_driver(venv):
    """Install the drivers: virt into nova/virt/, ML2 by entry point.

    Nova loads virt drivers only from its own package; ML2 loads mechanism
    drivers only by entry point, so minicloud_ml2.py comes with a
    dist-info of its own that names it.
    """
    python = os.path.join(venv, 'bin', 'python')
    site = run([python, '-c',
                'import nova.virt, os; '
                'print(os.path.dirname(nova.virt.__file__))']).stdout.strip()
    shutil.copy(os.path.join(HERE, 'minicloud_fake.py'),
                os.path.join(site, 'minicloud_fake.py'))
    packages = os.path.dirname(os.path.dirname(site))
    shutil.copy(os.path.join(HERE, 'minicloud_ml2.py'),
                os.path.join(packages, 'minicloud_ml2.py'))
    dist_info = os.path.join(packages, 'minicloud_ml2-1.0.dist-info')
    os.makedirs(dist_info, exist_ok=True)
    files = {'METADATA': 'Metadata-Version: 2.1\nName: minicloud-ml2\n'
                         'Version: 1.0\n',
             'entry_points.txt': '[neutron.ml2.mechanism_drivers]\n'
                                 'minicloud = minicloud_ml2:'
                                 'MinicloudMechanismDriver\n',
             'RECORD': ''}
    for name, text in files.items():
        with open(os.path.join(dist_info, name), 'w') as f:
            f.write(text)


# Databases and the message bus ------------------------------------------

def mysql(sql):
    run(['mysql', '-h', '127.0.0.1', '-u', 'root', '-e', sql])


def database(name):
    return '%s_%s' % (NAME, name)


def reset_databases():
    statements = []
    for name in DATABASES:
        statements.append('DROP DATABASE IF EXISTS %s;' % database(name))
        statements.append('CREATE DATABASE %s CHARACTER SET utf8mb4;' %
                          database(name))
    mysql(' '.join(statements))


def drop_databases():
    mysql(' '.join('DROP DATABASE IF EXISTS %s;' % database(name)
                   for name in DATABASES))


def reset_vhost():
    run(['rabbitmqctl', '-q', 'delete_vhost', VHOST], check=False)
    run(['rabbitmqctl', '-q', 'add_vhost', VHOST])
    run(['rabbitmqctl', '-q', 'set_permissions', '-p', VHOST, 'guest',
         '.*', '.*', '.*'])


# Processes ------------------------------------------------------------------

def start(name, argv, env=None):
    """Start a service in its own session, marked as ours; record its pid."""
    os.makedirs(state_path('pids'), exist_ok=True)
    log = open(state_path('logs', name + '.log'), 'ab')
    full_env = dict(os.environ)
    full_env.update(env or {})
    key, value = OWNER.split('=', 1)
    full_env[key] = value
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=full_env,
                               start_new_session=True, cwd=STATE)
    with open(state_path('pids', name + '.pid'), 'w') as f:
        f.write(str(process.pid))
    return process


def pids():
    """{service name: pid} from the pid files (which may be stale)."""
    directory = state_path('pids')
    if not os.path.isdir(directory):
        return {}
    found = {}
    for entry in sorted(os.listdir(directory)):
        try:
            with open(os.path.join(directory, entry)) as f:
                found[entry[:-len('.pid')]] = int(f.read().strip())
        except (OSError, ValueError):
            pass
    return found


def _proc(pid, name):
    """The text of /proc/<pid>/<name> ('' when it cannot be read)."""
    try:
        if name == 'cwd':
            return os.readlink('/proc/%d/cwd' % pid)
        with open('/proc/%d/%s' % (pid, name), 'rb') as f:
            return f.read().decode(errors='replace')
    except OSError:
        return ''


def _ppid_and_state(pid):
    stat = _proc(pid, 'stat').rsplit(')', 1)
    fields = stat[1].split() if len(stat) == 2 else []
    return (int(fields[1]), fields[0]) if len(fields) > 1 else (0, '')


def owned(pid, recorded=None):
    """True when ``pid`` runs (not a zombie) and this cloud started it.

    Ours are: processes with OWNER in their environment (setproctitle,
    which gunicorn and oslo.service use, wipes it out, so not all of them);
    processes working in the state directory that descend from a pid of
    the pid files (which checks that a recorded pid was not reused); and,
    when the state directory was removed under them, processes working in
    the removed directory that name minicloud or nova.
    """
    state = _ppid_and_state(pid)[1]
    if state in ('', 'Z'):
        return False
    if OWNER in _proc(pid, 'environ').split('\0'):
        return True
    cwd = _proc(pid, 'cwd')
    if cwd == STATE + ' (deleted)':
        command = _proc(pid, 'cmdline')
        return 'minicloud' in command or 'nova-' in command
    if cwd != STATE:
        return False
    recorded = set(pids().values()) if recorded is None else recorded
    while pid > 1:
        if pid in recorded:
            return True
        pid = _ppid_and_state(pid)[0]
    return False


def our_processes():
    """Every running process started by this cloud, pid files or not."""
    recorded = set(pids().values())
    return [int(entry) for entry in os.listdir('/proc')
            if entry.isdigit() and int(entry) != os.getpid() and
            owned(int(entry), recorded)]


def signal_process(pid, signum):
    """Signal a process, and its group when it leads one (ours do)."""
    with contextlib.suppress(ProcessLookupError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)


def exists(pid):
    """True while ``pid`` runs (a zombie does not)."""
    return _ppid_and_state(pid)[1] not in ('', 'Z')


def stop_all(grace=10):
    """TERM every process of ours, wait, then KILL the ones left."""
    running = our_processes()
    if not running:
        return
    for pid in running:
        signal_process(pid, signal.SIGTERM)
    # NOTE: exists(), not owned(): a worker whose master died already is
    # no longer seen as ours, and is still to be waited for.
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(map(exists, running)):
        time.sleep(0.2)
    left = [pid for pid in running if exists(pid)]
    for pid in left:
        signal_process(pid, signal.SIGKILL)
    say('stopped %d processes%s' % (
        len(running), ' (%d killed)' % len(left) if left else ''))


@contextlib.contextmanager
def locked():
    """Serialise `up` and `down` of one state directory."""
    with open(STATE.rstrip('/') + '.minicloud-lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def check_ports_free():
    """Fail early, and clearly, when another program holds a port."""
    for name, port in PORTS.items():
        with socket.socket() as probe:
            # NOTE: as the services do; else TIME_WAIT counts as in use.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(('127.0.0.1', port))
            except OSError:
                raise Failure(
                    'port %d (%s) is in use by another program; choose '
                    'other ports with MINICLOUD_PORT_BASE' % (port, name))


def log_tail(name, lines=30):
    path = state_path('logs', name + '.log')
    if not os.path.exists(path):
        return '(no log)'
    with open(path, errors='replace') as f:
        return ''.join(f.readlines()[-lines:])


def wait_http(name, url, timeout=120, ok=(200, 300, 401)):
    deadline = time.monotonic() + timeout
    pid = pids().get(name)
    while time.monotonic() < deadline:
        if pid and not owned(pid):
            raise Failure('%s exited while starting:\n%s' % (
                name, log_tail(name)))
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status in ok:
                    return
        except urllib.error.HTTPError as exc:
            if exc.code in ok:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise Failure('%s did not answer on %s within %ds:\n%s' % (
        name, url, timeout, log_tail(name)))


def gunicorn(venv, name, module, port, env):
    """Serve a WSGI application with gunicorn (settings: configs.py)."""
    config = state_path('etc', 'gunicorn-%s.py' % name)
    with open(config, 'w') as f:
        f.write(configs.gunicorn(name, port, state_path('logs')))
    start(name, [os.path.join(venv, 'bin', 'gunicorn'), '-c', config,
                 module], env=env)


# Steps of `up` -----------------------------------------------------------

def write_configs(venv):
    os.makedirs(state_path('etc'), exist_ok=True)
    values = configs.values(STATE, PORTS, PASSWORD, VHOST)
    files = configs.service_files(values, venv)
    for relative, text in files.items():
        path = state_path('etc', relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
    return values


def manage(venv, argv, name):
    run([os.path.join(venv, 'bin', argv[0])] + argv[1:],
        log=state_path('logs', 'manage-%s.log' % name), timeout=900)


def _migrations(venv):
    """The schema migrations of every service, as shell commands."""
    etc = state_path('etc')
    nova = ['nova-manage', '--config-file', etc + '/nova/nova.conf']
    jobs = {
        'keystone': [['keystone-manage', '--config-file',
                      etc + '/keystone/keystone.conf', 'db_sync']],
        'placement': [['placement-manage', '--config-file',
                       etc + '/placement/placement.conf', 'db', 'sync']],
        'glance': [['glance-manage', '--config-file',
                    etc + '/glance/glance-api.conf', 'db_sync']],
        'neutron': [['neutron-db-manage', '--config-file',
                     etc + '/neutron/neutron.conf', '--config-file',
                     etc + '/neutron/ml2_conf.ini', 'upgrade', 'heads']],
        'nova': [nova + ['api_db', 'sync'],
                 nova + ['cell_v2', 'map_cell0'],
                 nova + ['cell_v2', 'create_cell', '--name', 'cell1'],
                 nova + ['db', 'sync']],
    }
    return {name: ['bash', '-c', ' && '.join(
        ' '.join([os.path.join(venv, 'bin', argv[0])] + argv[1:])
        for argv in steps)] for name, steps in jobs.items()}


def _schema_cache(venv):
    # NOTE: Nova's cell mappings hold the database and vhost names.
    with open(os.path.join(HERE, 'configs.py'), 'rb') as f:
        key = hashlib.sha256(f.read() + NAME.encode()).hexdigest()[:12]
    return os.path.join(venv, 'schema-' + key)


def migrate_databases(venv):
    """Bring every database to its schema, from the cache when it can.

    The first run migrates (several services at once) and keeps a dump of
    the migrated, still empty databases next to the virtualenv; later runs
    load that dump, which takes a second instead of a minute of CPU.
    """
    cache = _schema_cache(venv)
    if os.path.isdir(cache):
        for name in DATABASES:
            with open(os.path.join(cache, name + '.sql')) as dump:
                subprocess.run(['mysql', '-h', '127.0.0.1', '-u', 'root',
                                database(name)], stdin=dump,
                               check=True)
        return 'restored from %s' % cache
    run_parallel('dbsync', _migrations(venv))
    partial = cache + '.partial'
    shutil.rmtree(partial, ignore_errors=True)
    os.makedirs(partial)
    for name in DATABASES:
        with open(os.path.join(partial, name + '.sql'), 'w') as dump:
            subprocess.run(['mysqldump', '-h', '127.0.0.1', '-u', 'root',
                            '--single-transaction', database(name)],
                           stdout=dump, check=True)
    os.rename(partial, cache)
    return 'migrated'


def write_fernet_keys(directory):
    """A fresh key repository, as keystone-manage fernet_setup makes it.

    Key 0 is the staged key and key 1 the primary one; each is 32 random
    bytes, base64url-encoded. Written here, it spares two runs of
    keystone-manage (seconds of imports each).
    """
    os.makedirs(directory, mode=0o700, exist_ok=True)
    for index in ('0', '1'):
        path = os.path.join(directory, index)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), 'wb') as f:
            f.write(base64.urlsafe_b64encode(os.urandom(32)))


def start_keystone(venv, values):
    """Keys, then bootstrap and gunicorn at once; wait until it answers."""
    conf = state_path('etc', 'keystone', 'keystone.conf')
    write_fernet_keys(state_path('keystone', 'fernet-keys'))
    write_fernet_keys(state_path('keystone', 'credential-keys'))
    url = values['keystone_url']
    gunicorn(venv, 'keystone', 'keystone.wsgi.api:application',
             PORTS['keystone'], {'OS_KEYSTONE_CONFIG_FILES': conf})
    manage(venv, ['keystone-manage', '--config-file', conf, 'bootstrap',
                  '--bootstrap-password', PASSWORD,
                  '--bootstrap-admin-url', url + '/v3',
                  '--bootstrap-internal-url', url + '/v3',
                  '--bootstrap-public-url', url + '/v3',
                  '--bootstrap-region-id', 'RegionOne'], 'keystone')
    wait_http('keystone', url + '/v3')


def run_parallel(name, commands):
    """Run several commands at once; raise Failure if any fails."""
    running = {}
    for step, argv in commands.items():
        log = open(state_path('logs', '%s-%s.log' % (name, step)), 'w')
        running[step] = subprocess.Popen(argv, stdout=log,
                                         stderr=subprocess.STDOUT)
    for step, process in running.items():
        if process.wait(900) != 0:
            raise Failure('%s %s failed:\n%s' % (
                name, step, log_tail('%s-%s' % (name, step))))


def setup_script(venv, action, wait=True):
    """Run tools/minicloud.d/setup_cloud.py in the cloud's virtualenv.

    With ``wait=False`` return a function that waits for it.
    """
    log = open(state_path('logs', 'setup-%s.log' % action), 'w')
    process = subprocess.Popen(
        [os.path.join(venv, 'bin', 'python'),
         os.path.join(HERE, 'setup_cloud.py'), action,
         state_path('etc', 'values.json')],
        stdout=log, stderr=subprocess.STDOUT)

    def finish():
        if process.wait(600) != 0:
            raise Failure('setting up %s failed:\n%s' % (
                action, log_tail('setup-' + action)))
    if not wait:
        return finish
    finish()


def start_apis(venv, values):
    etc = state_path('etc')
    gunicorn(venv, 'placement', 'placement.wsgi.api:application',
             PORTS['placement'],
             {'OS_PLACEMENT_CONFIG_DIR': etc + '/placement'})
    gunicorn(venv, 'glance', 'glance.wsgi.api:application',
             PORTS['glance'], {'OS_GLANCE_CONFIG_DIR': etc + '/glance'})
    gunicorn(venv, 'neutron', 'neutron.wsgi.api:application',
             PORTS['neutron'],
             {'OS_NEUTRON_CONFIG_DIR': etc + '/neutron',
              'OS_NEUTRON_CONFIG_FILES': 'neutron.conf;ml2_conf.ini'})
    gunicorn(venv, 'nova-api', 'nova.wsgi.osapi_compute:application',
             PORTS['nova'], {'OS_NOVA_CONFIG_DIR': etc + '/nova',
                             # NOTE: nova-api reads its paste pipeline from
                             # the first file.
                             'OS_NOVA_CONFIG_FILES':
                                 'api-paste.ini;nova.conf'})


def start_nova_control(venv):
    """nova-conductor and nova-scheduler (they need their Keystone user).

    Started before the computes, so that the conductor answers by the time
    they ping it (a compute that gets no answer waits 10 s to ask again).
    """
    nova_conf = state_path('etc', 'nova', 'nova.conf')
    for binary in ('nova-conductor', 'nova-scheduler'):
        start(binary, [os.path.join(venv, 'bin', binary), '--config-file',
                       nova_conf])


def start_computes(venv):
    etc = state_path('etc')
    for host in COMPUTES:
        os.makedirs(state_path('nova', host), exist_ok=True)
        start(host, [os.path.join(venv, 'bin', 'nova-compute'),
                     '--config-file', etc + '/nova/nova.conf',
                     '--config-file', etc + '/nova/%s.conf' % host],
              env=configs.compute_env(host))


def wait_apis(values):
    wait_http('placement', values['placement_url'])
    wait_http('glance', values['glance_url'])
    wait_http('neutron', values['neutron_url'])
    wait_http('nova-api', values['nova_url'])


def discover_hosts(venv):
    conf = state_path('etc', 'nova', 'nova.conf')
    deadline = time.monotonic() + 180
    while True:
        for name in ('nova-conductor', 'nova-scheduler') + COMPUTES:
            if not owned(pids()[name]):
                raise Failure('%s exited:\n%s' % (name, log_tail(name)))
        run([os.path.join(venv, 'bin', 'nova-manage'), '--config-file',
             conf, 'cell_v2', 'discover_hosts'],
            log=state_path('logs', 'manage-nova.log'))
        result = run([os.path.join(venv, 'bin', 'python'),
                      os.path.join(HERE, 'setup_cloud.py'), 'hypervisors',
                      state_path('etc', 'values.json')], check=False)
        if result.returncode == 0 and \
                int(result.stdout.strip() or 0) >= len(COMPUTES):
            return
        if time.monotonic() > deadline:
            raise Failure('the computes did not register in time:\n%s' % (
                log_tail(COMPUTES[0])))
        time.sleep(2)


def write_client_files(values):
    with open(state_path('clouds.yaml'), 'w') as f:
        f.write(configs.clouds_yaml(values))
    with open(state_path('openrc'), 'w') as f:
        f.write(configs.openrc(values))
    with open(state_path('utter-va.conf'), 'w') as f:
        f.write(configs.utter_conf(values))


def is_up():
    """True when every recorded service runs and the cloud answers."""
    ready = state_path(READY_FILE)
    if not os.path.exists(ready):
        return False
    expected = ['keystone', 'placement', 'glance', 'neutron', 'nova-api',
                'nova-conductor', 'nova-scheduler'] + list(COMPUTES)
    running = pids()
    if any(name not in running or not owned(running[name])
           for name in expected):
        return False
    with open(ready) as f:
        values = json.load(f)
    for key in ('keystone_url', 'placement_url', 'glance_url',
                'neutron_url', 'nova_url'):
        try:
            urllib.request.urlopen(values[key], timeout=5).close()
        except urllib.error.HTTPError:
            pass
        except OSError:
            return False
    return True


def up():
    """Bring the cloud up unless it is; on failure stop what it started.

    The logs of a failed start stay in the state directory.
    """
    with locked():
        if is_up():
            say('minicloud is already up')
            print_status()
            return 0
        try:
            start_cloud()
        except Failure as exc:
            say('FAILED: %s' % exc)
            stop_all()
            say('logs are in %s' % state_path('logs'))
            return 1
        except BaseException:
            stop_all()
            raise
        say('minicloud is up')
        print_status()
        return 0


def start_cloud():
    """Every step of `up`, from a clean slate."""
    # Whatever a previous run left behind: processes, state, databases.
    stop_all()
    shutil.rmtree(STATE, ignore_errors=True)
    check_ports_free()
    os.makedirs(state_path('logs'))
    run([os.path.join(TOP, 'tools', 'ensure-services')])
    venv = ensure_venv()
    say('virtualenv ready')
    values = write_configs(venv)
    reset_databases()
    reset_vhost()
    say('databases and vhost created')
    say('schemas %s' % migrate_databases(venv))
    start_keystone(venv, values)
    say('keystone up')
    identity_done = setup_script(venv, 'identity', wait=False)
    start_apis(venv, values)
    identity_done()
    say('projects, users, services and endpoints created')
    start_nova_control(venv)
    wait_apis(values)
    say('placement, glance, neutron and nova APIs up')
    start_computes(venv)
    discover_hosts(venv)
    say('%d hypervisors discovered' % len(COMPUTES))
    setup_script(venv, 'resources')
    say('flavors, image, networks and router created')
    write_client_files(values)
    with open(state_path(READY_FILE), 'w') as f:
        json.dump(values, f, indent=2)


def down():
    with locked():
        return _down()


def _down():
    stop_all()
    try:
        drop_databases()
        run(['rabbitmqctl', '-q', 'delete_vhost', VHOST], check=False)
    except Failure as exc:
        say('warning: %s' % exc)
    shutil.rmtree(STATE, ignore_errors=True)
    say('minicloud is down')
    return 0


def print_status():
    print('openrc=%s' % state_path('openrc'))
    print('clouds_yaml=%s' % state_path('clouds.yaml'))
    print('utter_conf=%s' % state_path('utter-va.conf'))
    print('state_dir=%s' % STATE)
    print('name=%s' % NAME)
    print('transport_url=rabbit://guest:guest@127.0.0.1:5672/%s' % VHOST)
    print('auth_url=http://127.0.0.1:%d/v3' % PORTS['keystone'])
    for name, port in PORTS.items():
        print('%s_port=%d' % (name, port))


def status():
    if not is_up():
        print('minicloud is not up', file=sys.stderr)
        return 1
    print_status()
    return 0


def main():
    parser = argparse.ArgumentParser(
        prog='minicloud', description=textwrap.dedent(__doc__),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('command', choices=('up', 'down', 'status'))
    command = parser.parse_args().command
    if not re.fullmatch('minicloud[a-z0-9_]*', NAME):
        parser.error('MINICLOUD_NAME must start with "minicloud" and hold '
                     'only a-z, 0-9 and _')
    try:
        return {'up': up, 'down': down, 'status': status}[command]()
    except Failure as exc:
        say('FAILED: %s' % exc)
        return 1
    except BrokenPipeError:
        # NOTE: the reader of our output went away (`| head`): not an
        # error of the cloud's.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == '__main__':
    sys.exit(main())
