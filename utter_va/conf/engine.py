"""Options of the utter-va engine service ([engine] group)."""

from oslo_config import cfg

engine_group = cfg.OptGroup(
    'engine',
    title='Engine options',
    help='Options of utter-va-engine, the daemon that follows the cloud '
         'on the message bus and runs the order lifecycle.')

engine_opts = [
    cfg.IntOpt('heartbeat_interval',
               default=60,
               min=1,
               help='Seconds between two heartbeats of the engine: each '
                    'heartbeat records in the database that this engine '
                    'is alive, which `utter-va-status upgrade check` and '
                    'operators can read.'),
]


def register_opts(conf):
    conf.register_group(engine_group)
    conf.register_opts(engine_opts, group=engine_group)


def list_opts():
    return {engine_group: engine_opts}
