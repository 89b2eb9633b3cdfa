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
