#!/usr/bin/env bash
# devstack plugin of utter-va: `enable_plugin utter-va <repo>` in local.conf.
#
# Installs utter-va, creates its database, Keystone service user, service and
# endpoint, writes utter-va.conf, turns on Nova's versioned notifications,
# and runs utter-va-api under uwsgi and utter-va-engine as devstack services.
# shellcheck shell=bash

function utter_va_bin_dir {
    if [[ -n "${PROJECT_VENV[utter-va]:-}" ]]; then
        echo "${PROJECT_VENV[utter-va]}/bin"
    else
        get_python_exec_prefix
    fi
}

function install_utter_va {
    setup_develop "$UTTER_VA_DIR"
    pip_install uwsgi
}

function create_utter_va_accounts {
    create_service_user "utter-va" "admin"
    local service
    service=$(get_or_create_service "utter-va" "marketplace" \
        "Sell spare capacity for Bitcoin")
    get_or_create_endpoint "$service" "$REGION_NAME" \
        "$UTTER_VA_SERVICE_PROTOCOL://$UTTER_VA_SERVICE_HOST:$UTTER_VA_API_PORT/"
}

function configure_keystoneauth {
    local conf=$1 section=$2
    iniset "$conf" "$section" auth_type password
    iniset "$conf" "$section" auth_url "$KEYSTONE_SERVICE_URI"
    iniset "$conf" "$section" username utter-va
    iniset "$conf" "$section" password "$SERVICE_PASSWORD"
    iniset "$conf" "$section" project_name "$SERVICE_PROJECT_NAME"
    iniset "$conf" "$section" user_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" project_domain_name "$SERVICE_DOMAIN_NAME"
    iniset "$conf" "$section" region_name "$REGION_NAME"
}

function configure_utter_va {
    sudo install -d -o "$STACK_USER" "$UTTER_VA_CONF_DIR" "$UTTER_VA_STATE_DIR"
    rm -f "$UTTER_VA_CONF"

    iniset "$UTTER_VA_CONF" DEFAULT debug "$ENABLE_DEBUG_LOG_LEVEL"
    iniset "$UTTER_VA_CONF" database connection \
        "$(database_connection_url "$UTTER_VA_DB_NAME")"
    iniset_rpc_backend utter-va "$UTTER_VA_CONF"
    iniset "$UTTER_VA_CONF" api port "$UTTER_VA_API_PORT"
    configure_keystone_authtoken_middleware "$UTTER_VA_CONF" utter-va
    local section
    for section in nova placement glance; do
        configure_keystoneauth "$UTTER_VA_CONF" "$section"
    done
    iniset "$UTTER_VA_CONF" payment driver "$UTTER_VA_PAYMENT_DRIVER"

    # Nova tells utter-va what happens to servers and hypervisors.
    iniset "$NOVA_CONF" notifications notification_format both
    iniset "$NOVA_CONF" oslo_messaging_notifications driver messagingv2

    write_uwsgi_config "$UTTER_VA_UWSGI_CONF" "" "/utter-va" "" "utter-va-api"
    iniset "$UTTER_VA_UWSGI_CONF" uwsgi module \
        "utter_va.wsgi.api:application"
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
        "$(utter_va_bin_dir)/uwsgi --procname-prefix utter-va-api --ini $UTTER_VA_UWSGI_CONF"
    run_process utter-va-engine \
        "$(utter_va_bin_dir)/utter-va-engine --config-file $UTTER_VA_CONF"
}

function stop_utter_va {
    stop_process utter-va-api
    stop_process utter-va-engine
}

function cleanup_utter_va {
    remove_uwsgi_config "$UTTER_VA_UWSGI_CONF" "utter-va-api"
    sudo rm -rf "$UTTER_VA_CONF_DIR" "$UTTER_VA_STATE_DIR"
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
