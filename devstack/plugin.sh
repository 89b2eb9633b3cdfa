#!/usr/bin/env bash
# devstack plugin of utter-va: `enable_plugin utter-va <repo>` in local.conf.
#
# Installs utter-va, creates its database, its Keystone service user,
# service (type marketplace) and endpoint, writes utter-va.conf, turns on
# Nova's versioned notifications, limits Glance's web-download imports to
# the hosts of buyers' images (UTTER_VA_IMAGE_HOSTS), and runs
# utter-va-api under uwsgi and utter-va-engine as devstack services. unstack stops them; clean removes
# the configuration, the database and the Keystone entries.
#
# devstack calls it as: plugin.sh stack install|post-config|extra,
# plugin.sh unstack, plugin.sh clean. The settings are in devstack/settings.
# shellcheck shell=bash

# The directory of utter-va's commands: the project's virtualenv when
# devstack uses one, else where pip put the commands.
function utter_va_bin_dir {
    if [[ -n "${PROJECT_VENV[utter-va]:-}" ]]; then
        echo "${PROJECT_VENV[utter-va]}/bin"
    else
        get_python_exec_prefix
    fi
}

# The uwsgi of utter-va's Python environment (it imports utter_va), or the
# one devstack installed for its own services.
function utter_va_uwsgi {
    local uwsgi
    uwsgi="$(utter_va_bin_dir)/uwsgi"
    if [[ ! -x "$uwsgi" ]]; then
        uwsgi=$(command -v uwsgi || true)
    fi
    echo "$uwsgi"
}

# Add a value to a comma separated list unless it is in it already.
function _utter_va_add_to_list {
    local list=$1 value=$2
    if [[ -z "$list" ]]; then
        echo "$value"
    elif [[ ",$list," == *",$value,"* ]]; then
        echo "$list"
    else
        echo "$list,$value"
    fi
}

function install_utter_va {
    setup_develop "$UTTER_VA_DIR"
    if [[ -z "$(utter_va_uwsgi)" ]]; then
        pip_install uwsgi
    fi
}

# Project           User                    Roles
# -----------------------------------------------------
# SERVICE_PROJECT   UTTER_VA_SERVICE_USER   admin, service
function create_utter_va_accounts {
    create_service_user "$UTTER_VA_SERVICE_USER" "admin"
    local service
    service=$(get_or_create_service "$UTTER_VA_SERVICE_NAME" \
        "$UTTER_VA_SERVICE_TYPE" "Sell spare capacity for Bitcoin")
    get_or_create_endpoint "$service" "$REGION_NAME" "$UTTER_VA_API_URL"
}

# The keystoneauth options of a client section ([nova], [placement], ...).
function _utter_va_keystoneauth {
    local conf=$1 section=$2
    iniset "$conf" "$section" auth_type password
    iniset "$conf" "$section" auth_url "$KEYSTONE_SERVICE_URI"
    iniset "$conf" "$section" username "$UTTER_VA_SERVICE_USER"
    iniset "$conf" "$section" password "$SERVICE_PASSWORD"
    iniset "$conf" "$section" project_name "$SERVICE_PROJECT_NAME"
    iniset "$conf" "$section" user_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" project_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" region_name "$REGION_NAME"
}

# Nova sends utter-va what happens to servers, compute services and hosts:
# versioned notifications (legacy ones stay on for other consumers) on the
# topic utter-va-engine listens on, and the CPU metrics of each host.
# NOTE: on a multinode devstack, nova-compute of another node reads its own
# nova-cpu.conf: put the same options there (see the install guide).
function configure_nova_for_utter_va {
    local format topics monitors
    format=$(iniget "$NOVA_CONF" notifications notification_format)
    if [[ "$format" != "versioned" && "$format" != "both" ]]; then
        iniset "$NOVA_CONF" notifications notification_format both
    fi
    topics=$(iniget "$NOVA_CONF" notifications versioned_notifications_topics)
    topics=$(_utter_va_add_to_list "${topics:-versioned_notifications}" \
        "$UTTER_VA_NOTIFICATION_TOPIC")
    iniset "$NOVA_CONF" notifications versioned_notifications_topics "$topics"
    iniset "$NOVA_CONF" oslo_messaging_notifications driver messagingv2
    if [[ -n "$UTTER_VA_COMPUTE_MONITORS" ]]; then
        monitors=$(iniget "$NOVA_CONF" DEFAULT compute_monitors)
        monitors=$(_utter_va_add_to_list "$monitors" \
            "$UTTER_VA_COMPUTE_MONITORS")
        iniset "$NOVA_CONF" DEFAULT compute_monitors "$monitors"
    fi
}

# The hosts of UTTER_VA_IMAGE_HOSTS, comma separated, without blanks; dies
# on an entry Glance's allowed_hosts cannot take.
function _utter_va_image_hosts {
    local hosts="" host
    local -a entries
    IFS=, read -r -a entries <<<"$UTTER_VA_IMAGE_HOSTS"
    for host in "${entries[@]}"; do
        host=${host//[[:space:]]/}
        [[ -n "$host" ]] || continue
        if [[ "$host" == .* ]]; then
            die $LINENO "UTTER_VA_IMAGE_HOSTS: $host: Glance's" \
                "[import_filtering_opts] allowed_hosts takes exact host" \
                "names only, list each host of the domain instead"
        fi
        if [[ ! "$host" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
            die $LINENO "UTTER_VA_IMAGE_HOSTS: $host is not a host name"
        fi
        hosts=$(_utter_va_add_to_list "$hosts" "$host")
    done
    echo "$hosts"
}

# Buyers' images come by URL, and Glance (web-download) fetches them: only
# over https on port 443, only from the hosts of UTTER_VA_IMAGE_HOSTS, and
# no bigger than UTTER_VA_IMAGE_MAX_SIZE_MB. Glance refuses loopback and
# link-local addresses by itself but not private ones, so the allow-list
# of hosts is the only sure guard; without hosts nothing is written here.
# NOTE: the filter applies to every web-download import of this cloud.
function configure_glance_for_utter_va {
    local hosts=$1 max_mb=$UTTER_VA_IMAGE_MAX_SIZE_MB methods
    if [[ ! "$max_mb" =~ ^[1-9][0-9]*$ ]]; then
        die $LINENO "UTTER_VA_IMAGE_MAX_SIZE_MB: $max_mb is not a" \
            "positive number of MiB"
    fi
    iniset "$UTTER_VA_CONF" images allowed_hosts "$hosts"
    iniset "$UTTER_VA_CONF" images max_size "$max_mb"
    if ! is_service_enabled glance; then
        echo "Glance is not enabled here: set [import_filtering_opts]" \
            "allowed_hosts = [$hosts], allowed_schemes = [https]," \
            "allowed_ports = [443] and image_size_cap in the" \
            "glance-api.conf of the cloud"
        return 0
    fi
    # NOTE: Glance's options are lists with bounds: brackets required.
    iniset "$GLANCE_API_CONF" import_filtering_opts allowed_schemes "[https]"
    iniset "$GLANCE_API_CONF" import_filtering_opts allowed_ports "[443]"
    iniset "$GLANCE_API_CONF" import_filtering_opts allowed_hosts "[$hosts]"
    iniset "$GLANCE_API_CONF" DEFAULT image_size_cap \
        "$((max_mb * 1024 * 1024))"
    methods=$(iniget "$GLANCE_API_CONF" DEFAULT enabled_import_methods)
    if [[ -n "$methods" && "$methods" != *web-download* ]]; then
        methods=${methods#\[}
        methods=${methods%\]}
        methods=$(_utter_va_add_to_list "$methods" web-download)
        iniset "$GLANCE_API_CONF" DEFAULT enabled_import_methods \
            "[$methods]"
    fi
}

function configure_utter_va {
    local image_hosts
    image_hosts=$(_utter_va_image_hosts) ||
        die $LINENO "UTTER_VA_IMAGE_HOSTS: no image host list written"
    sudo install -d -o "$STACK_USER" "$UTTER_VA_CONF_DIR"
    rm -f "$UTTER_VA_CONF"

    iniset "$UTTER_VA_CONF" DEFAULT debug "$ENABLE_DEBUG_LOG_LEVEL"
    iniset "$UTTER_VA_CONF" database connection \
        "$(database_connection_url "$UTTER_VA_DB_NAME")"
    iniset_rpc_backend utter-va "$UTTER_VA_CONF"
    iniset "$UTTER_VA_CONF" oslo_messaging_notifications transport_url \
        "$(get_notification_url)"
    iniset "$UTTER_VA_CONF" engine notification_topics \
        "$UTTER_VA_NOTIFICATION_TOPIC"
    iniset "$UTTER_VA_CONF" api host "$UTTER_VA_SERVICE_HOST"
    iniset "$UTTER_VA_CONF" api port "$UTTER_VA_API_PORT"
    iniset "$UTTER_VA_CONF" api public_url "$UTTER_VA_API_URL"
    configure_keystone_authtoken_middleware "$UTTER_VA_CONF" \
        "$UTTER_VA_SERVICE_USER"
    local section
    for section in nova placement glance neutron; do
        _utter_va_keystoneauth "$UTTER_VA_CONF" "$section"
    done
    iniset "$UTTER_VA_CONF" payment driver "$UTTER_VA_PAYMENT_DRIVER"
    iniset "$UTTER_VA_CONF" network mode "$UTTER_VA_NETWORK_MODE"
    if [[ "$UTTER_VA_NETWORK_MODE" == floating ]]; then
        iniset "$UTTER_VA_CONF" network external_network \
            "$UTTER_VA_EXTERNAL_NETWORK"
    fi

    if is_service_enabled nova; then
        configure_nova_for_utter_va
    fi
    if [[ -n "$image_hosts" ]]; then
        configure_glance_for_utter_va "$image_hosts"
    else
        echo "NOTICE: UTTER_VA_IMAGE_HOSTS is empty: Glance's web-download" \
            "is not limited to the hosts of buyers' images, so leave" \
            "allow_image_url off on every price; set UTTER_VA_IMAGE_HOSTS" \
            "to the hosts buyers' images may come from to sell URL images"
    fi

    # The API listens on its own port over HTTP, without Apache in front:
    # buyers reach it at the endpoint's URL.
    write_uwsgi_config "$UTTER_VA_UWSGI_CONF" "utter_va.wsgi.api" \
        "/utter-va" "$UTTER_VA_SERVICE_HOST:$UTTER_VA_API_PORT" \
        "utter-va-api"
    iniset "$UTTER_VA_UWSGI_CONF" uwsgi env \
        "UTTER_VA_CONFIG_FILES=$UTTER_VA_CONF"
}

function init_utter_va {
    recreate_database "$UTTER_VA_DB_NAME"
    "$(utter_va_bin_dir)/utter-va-manage" --config-file "$UTTER_VA_CONF" \
        db upgrade
}

function start_utter_va {
    run_process utter-va-api \
        "$(utter_va_uwsgi) --procname-prefix utter-va-api --ini $UTTER_VA_UWSGI_CONF"
    run_process utter-va-engine \
        "$(utter_va_bin_dir)/utter-va-engine --config-file $UTTER_VA_CONF"
    if is_service_enabled utter-va-api; then
        echo "Waiting for utter-va-api to answer on $UTTER_VA_API_URL"
        if ! wait_for_service "$SERVICE_TIMEOUT" "$UTTER_VA_API_URL/healthcheck"; then
            die $LINENO "utter-va-api did not start"
        fi
    fi
}

function stop_utter_va {
    stop_process utter-va-api
    stop_process utter-va-engine
}

# Remove the Keystone entries; Keystone may be stopped already at clean
# time (clean.sh then drops its database anyway).
function _utter_va_delete_accounts {
    local os=(openstack --os-cloud "$UTTER_VA_ADMIN_CLOUD")
    local endpoint
    for endpoint in $("${os[@]}" endpoint list --service \
            "$UTTER_VA_SERVICE_NAME" -f value -c ID 2>/dev/null); do
        "${os[@]}" endpoint delete "$endpoint" || true
    done
    "${os[@]}" service delete "$UTTER_VA_SERVICE_NAME" 2>/dev/null || true
    "${os[@]}" user delete --domain "$SERVICE_DOMAIN_NAME" \
        "$UTTER_VA_SERVICE_USER" 2>/dev/null || true
}

function _utter_va_drop_database {
    case "$DATABASE_TYPE" in
        mysql)
            MYSQL_PWD="$DATABASE_PASSWORD" mysql -u"$DATABASE_USER" \
                -h"$DATABASE_HOST" \
                -e "DROP DATABASE IF EXISTS \`$UTTER_VA_DB_NAME\`" || true
            ;;
        postgresql)
            dropdb -h"$DATABASE_HOST" -U"$DATABASE_USER" --if-exists \
                "$UTTER_VA_DB_NAME" || true
            ;;
    esac
}

function cleanup_utter_va {
    remove_uwsgi_config "$UTTER_VA_UWSGI_CONF" "utter-va-api"
    _utter_va_delete_accounts
    _utter_va_drop_database
    sudo rm -rf "$UTTER_VA_CONF_DIR"
}

if is_service_enabled utter-va-api utter-va-engine; then
    case "$1/${2:-}" in
        stack/install)
            echo_summary "Installing utter-va"
            install_utter_va
            ;;
        stack/post-config)
            echo_summary "Configuring utter-va"
            create_utter_va_accounts
            configure_utter_va
            ;;
        stack/extra)
            echo_summary "Initializing and starting utter-va"
            init_utter_va
            start_utter_va
            ;;
    esac
    if [[ "$1" == "unstack" ]]; then
        stop_utter_va
    fi
    if [[ "$1" == "clean" ]]; then
        cleanup_utter_va
    fi
fi
