#!/usr/bin/env bash
# The devstack functions that devstack/plugin.sh and devstack/settings call,
# with real implementations on a machine without devstack: ini files through
# Python's configparser, Keystone through the openstack CLI, databases on the
# real MariaDB, services as detached processes with pid files.
#
# Used by utter_va/tests/functional/test_devstack.py, which sets:
#   PYTHON            the Python whose environment holds utter-va
#   SHIM_ADMIN_CLOUD  the clouds.yaml entry (OS_CLIENT_CONFIG_FILE) of an
#                     admin of the cloud
#   SHIM_RUN_DIR      where pid files and service logs go
#   SHIM_TRANSPORT_URL  the cloud's RabbitMQ
# and the devstack variables the plugin reads (DEST, DATA_DIR, SERVICE_HOST,
# SERVICE_PASSWORD, DATABASE_*, KEYSTONE_SERVICE_URI, NOVA_CONF,
# GLANCE_API_CONF, ...).
# shellcheck shell=bash

# shellcheck disable=SC2034  # (read by devstack/plugin.sh)
declare -A PROJECT_VENV

function echo_summary {
    echo "== $*"
}

function die {
    local line=$1
    shift
    echo "ERROR (line $line): $*" >&2
    exit 1
}

if ! command -v sudo >/dev/null; then
    # NOTE: the tests run as root, where devstack would use sudo.
    function sudo {
        "$@"
    }
fi

function define_plugin {
    :
}

function enable_service {
    local service
    for service in "$@"; do
        if [[ ",$ENABLED_SERVICES," != *",$service,"* ]]; then
            ENABLED_SERVICES="${ENABLED_SERVICES:+$ENABLED_SERVICES,}$service"
        fi
    done
}

# True when any of the services is enabled (as devstack's, with its names
# for all of Nova's and all of Glance's services).
function is_service_enabled {
    local service
    for service in "$@"; do
        if [[ ",$ENABLED_SERVICES," == *",$service,"* ]]; then
            return 0
        fi
        if [[ "$service" == nova && ",$ENABLED_SERVICES" == *",n-"* ]] ||
                [[ "$service" == glance &&
                   ",$ENABLED_SERVICES" == *",g-"* ]]; then
            return 0
        fi
    done
    return 1
}

# ini files -------------------------------------------------------------

function _shim_ini {
    "$PYTHON" - "$@" <<'EOF'
import configparser
import os
import sys

action, path, section, option = sys.argv[1:5]
parser = configparser.RawConfigParser(strict=False)
parser.optionxform = str
if os.path.exists(path):
    parser.read(path)
if action == 'get':
    if parser.has_option(section, option):
        print(parser.get(section, option))
    sys.exit(0)
if section != 'DEFAULT' and not parser.has_section(section):
    parser.add_section(section)
if action == 'set':
    parser.set(section, option, sys.argv[5])
elif action == 'delete':
    parser.remove_option(section, option)
with open(path, 'w') as f:
    parser.write(f)
EOF
}

function iniset {
    _shim_ini set "$1" "$2" "$3" "$4"
}

function iniget {
    _shim_ini get "$1" "$2" "$3"
}

function inidelete {
    _shim_ini delete "$1" "$2" "$3"
}

# Python ----------------------------------------------------------------

function get_python_exec_prefix {
    dirname "$PYTHON"
}

function pip_install {
    if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
        "$PYTHON" -m ensurepip --upgrade >/dev/null
    fi
    "$PYTHON" -m pip install --quiet "$@"
}

# Install the project in development mode unless it is already, from there.
function setup_develop {
    local dir=$1 installed
    installed=$("$PYTHON" -c 'import os, utter_va
print(os.path.dirname(os.path.dirname(os.path.realpath(utter_va.__file__))))' \
        2>/dev/null || true)
    if [[ "$installed" != "$(realpath "$dir")" ]]; then
        pip_install -e "$dir"
    fi
}

# Keystone ----------------------------------------------------------------

function _shim_openstack {
    openstack --os-cloud "$SHIM_ADMIN_CLOUD" "$@"
}

function create_service_user {
    local user=$1 role=${2:-service}
    _shim_openstack user create --or-show --domain "$SERVICE_DOMAIN_NAME" \
        --password "$SERVICE_PASSWORD" "$user" >/dev/null
    local each
    for each in "$role" service; do
        _shim_openstack role add --user "$user" \
            --user-domain "$SERVICE_DOMAIN_NAME" \
            --project "$SERVICE_PROJECT_NAME" \
            --project-domain "$SERVICE_DOMAIN_NAME" "$each"
    done
}

function get_or_create_service {
    local name=$1 type=$2 description=$3 id
    id=$(_shim_openstack service list -f value -c ID -c Name |
        awk -v name="$name" '$2 == name {print $1}')
    if [[ -z "$id" ]]; then
        id=$(_shim_openstack service create --name "$name" \
            --description "$description" -f value -c id "$type")
    fi
    echo "$id"
}

function get_or_create_endpoint {
    local service=$1 region=$2 url=$3 id
    id=$(_shim_openstack endpoint list --service "$service" \
        --interface public --region "$region" -f value -c ID)
    if [[ -z "$id" ]]; then
        id=$(_shim_openstack endpoint create --region "$region" \
            -f value -c id "$service" public "$url")
    fi
    echo "$id"
}

function configure_keystone_authtoken_middleware {
    local conf=$1 user=$2 section=${3:-keystone_authtoken}
    iniset "$conf" "$section" auth_type password
    iniset "$conf" "$section" interface public
    iniset "$conf" "$section" auth_url "$KEYSTONE_SERVICE_URI"
    iniset "$conf" "$section" www_authenticate_uri "$KEYSTONE_SERVICE_URI"
    iniset "$conf" "$section" username "$user"
    iniset "$conf" "$section" password "$SERVICE_PASSWORD"
    iniset "$conf" "$section" user_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" project_name "$SERVICE_PROJECT_NAME"
    iniset "$conf" "$section" project_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" region_name "$REGION_NAME"
    iniset "$conf" "$section" service_token_roles_required true
}

# Database and message bus ----------------------------------------------

function database_connection_url {
    echo "mysql+pymysql://$DATABASE_USER${DATABASE_PASSWORD:+:$DATABASE_PASSWORD}@$DATABASE_HOST/$1?charset=utf8mb4"
}

function recreate_database {
    MYSQL_PWD="$DATABASE_PASSWORD" mysql -u"$DATABASE_USER" \
        -h"$DATABASE_HOST" -e "DROP DATABASE IF EXISTS \`$1\`;
CREATE DATABASE \`$1\` CHARACTER SET utf8mb4;"
}

function get_transport_url {
    echo "$SHIM_TRANSPORT_URL"
}

function get_notification_url {
    echo "$SHIM_TRANSPORT_URL"
}

function iniset_rpc_backend {
    local file=$2 section=${3:-DEFAULT}
    iniset "$file" "$section" transport_url "$(get_transport_url)"
}

# uwsgi and services ----------------------------------------------------

# write_uwsgi_config conf wsgi_module url http_address name; no Apache here,
# so only an HTTP address is supported.
function write_uwsgi_config {
    local conf=$1 wsgi=$2 http=$4
    [[ -n "$http" ]] || die $LINENO "no Apache here: give an HTTP address"
    rm -f "$conf"
    iniset "$conf" uwsgi module "$wsgi"
    iniset "$conf" uwsgi http-socket "$http"
    iniset "$conf" uwsgi master true
    iniset "$conf" uwsgi processes "${API_WORKERS:-1}"
    iniset "$conf" uwsgi enable-threads true
    iniset "$conf" uwsgi lazy-apps true
    iniset "$conf" uwsgi need-app true
    iniset "$conf" uwsgi thunder-lock true
    iniset "$conf" uwsgi buffer-size 65535
    iniset "$conf" uwsgi hook-master-start \
        "unix_signal:15 gracefully_kill_them_all"
}

function remove_uwsgi_config {
    rm -f "$1"
}

# Start a service as a detached process (its own session and process
# group), its pid in $SHIM_RUN_DIR/<service>.pid.
function run_process {
    local service=$1 command=$2
    is_service_enabled "$service" || return 0
    mkdir -p "$SHIM_RUN_DIR"
    # shellcheck disable=SC2086  # (the command is a string, as devstack's)
    setsid $command >"$SHIM_RUN_DIR/$service.log" 2>&1 </dev/null &
    echo $! >"$SHIM_RUN_DIR/$service.pid"
}

# A process that is gone or a zombie (nobody may reap it here) is not alive.
function _shim_alive {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
    [[ -n "$state" && "$state" != "Z" ]]
}

function stop_process {
    local service=$1 pidfile pid
    pidfile="$SHIM_RUN_DIR/$service.pid"
    [[ -f "$pidfile" ]] || return 0
    pid=$(cat "$pidfile")
    if _shim_alive "$pid"; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" || true
        local _
        for _ in $(seq 1 150); do
            _shim_alive "$pid" || break
            sleep 0.2
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

function wait_for_service {
    local timeout=$1 url=$2
    timeout "$timeout" bash -c \
        "until curl -s -o /dev/null '$url'; do sleep 0.5; done"
}
