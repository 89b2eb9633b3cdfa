"""Options of the utter-va API service ([api] group)."""

from oslo_config import cfg

api_group = cfg.OptGroup(
    'api',
    title='API options',
    help='Options of the utter-va REST API.')

api_opts = [
    cfg.HostAddressOpt('host',
                       default='127.0.0.1',
                       help='Address the development server of '
                            'utter-va-api listens on. In production the API '
                            'runs under a WSGI server (uwsgi, Apache '
                            'mod_wsgi) that loads utter_va.wsgi.api and '
                            'ignores this option.'),
    cfg.PortOpt('port',
                default=9870,
                help='TCP port the development server of utter-va-api '
                     'listens on.'),
    cfg.StrOpt('auth_strategy',
               default='keystone',
               choices=[('keystone', 'Operator routes require a Keystone '
                                     'token, checked by keystonemiddleware.'),
                        ('noauth', 'No authentication at all: for tests '
                                   'and local demos only.')],
               help='How the operator routes of the API authenticate '
                    'requests. Buyer and webhook routes never require '
                    'authentication.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
