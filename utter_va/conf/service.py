"""Options shared by every utter-va service ([DEFAULT] group)."""

import socket

from oslo_config import cfg

service_opts = [
    cfg.StrOpt('host',
               default=socket.gethostname(),
               sample_default='<hostname>',
               help='Name of this node, as it appears in logs, in the '
                    'order transition log and in the notifications that '
                    'utter-va emits. It must be unique among the engines '
                    'that share one database.'),
]


def register_opts(conf):
    conf.register_opts(service_opts)


def list_opts():
    return {'DEFAULT': service_opts}
