"""Every option of utter-va, for oslo-config-generator."""

import collections

from utter_va import conf as utter_conf


def list_opts():
    """Return a list of (group, options) pairs for oslo-config-generator."""
    grouped = collections.OrderedDict()
    for module in utter_conf.option_modules():
        for group, opts in module.list_opts().items():
            key = group if isinstance(group, str) else group.name
            entry = grouped.setdefault(key, [group, []])
            # NOTE: keep the OptGroup object (it carries the group's help)
            # when one module gives it and another only its name.
            if not isinstance(group, str):
                entry[0] = group
            entry[1].extend(opts)
    return [(group, opts) for group, opts in grouped.values()]
