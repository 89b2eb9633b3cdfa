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


"""[images]: the images buyers bring by URL, imported through Glance.

A price that allows it (``allow_image_url``) lets its buyers give an image
URL, a disk format and a SHA-256 or SHA-512 checksum instead of one of the
offer's images. The engine has Glance import it (web-download) into a
private image of the service project, checks the checksum, and boots from
it. Glance, not utter-va, fetches the URL: its own ``[import_filtering_opts]``
must allow the same hosts (doc/source/admin/networking.rst).
"""

from oslo_config import cfg

GROUP = cfg.OptGroup('images', help='Images buyers bring by URL.')

#: The disk formats Glance knows, of which disk_formats allows some.
GLANCE_DISK_FORMATS = ('ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw',
                       'qcow2', 'vdi', 'iso', 'ploop')

images_opts = [
    cfg.ListOpt('disk_formats',
                default=['qcow2', 'raw'],
                item_type=cfg.types.String(choices=GLANCE_DISK_FORMATS),
                help='The disk formats a buyer\'s image may have.'),
    cfg.ListOpt('url_schemes',
                default=['https'],
                item_type=cfg.types.String(choices=('https', 'http')),
                help='The schemes of image URLs buyers may give. Plain http '
                     'is for test clouds only: nothing but the checksum '
                     'protects what it carries.'),
    cfg.ListOpt('allowed_hosts',
                default=[],
                help='The hosts buyers\' images may come from: host names '
                     '(images.example.org), or ".example.org" for a domain '
                     'and all its subdomains. Empty: any host whose '
                     'addresses are all public. Glance\'s '
                     '[import_filtering_opts] allowed_hosts should list the '
                     'same host names.'),
    cfg.BoolOpt('allow_private',
                default=False,
                help='Accept image URLs whose host has loopback or private '
                     'addresses. For test clouds only.'),
    cfg.IntOpt('max_size',
               default=10240,
               min=1,
               help='The largest buyer\'s image, in MiB. An import that '
                    'makes a larger image fails its order (set Glance\'s '
                    'image_size_cap too, so that it stops downloading).'),
    cfg.IntOpt('import_timeout',
               default=1800,
               min=10,
               help='Seconds an import may take before its order fails.'),
    cfg.IntOpt('import_poll_interval',
               default=5,
               min=1,
               help='Seconds between looks at an import under way.'),
    cfg.IntOpt('cache_count',
               default=0,
               min=0,
               help='Keep this many imported images (one per checksum and '
                    'disk format) after their orders end, for the next '
                    'buyer who brings the same image. 0: each order\'s '
                    'image is deleted when the order ends.'),
    cfg.BoolOpt('delete_orphans',
                default=False,
                help='Delete the images this deployment imported for orders '
                     'that are all over and that are not kept '
                     '(cache_count). Off, the reconciler only reports '
                     'them.'),
    cfg.IntOpt('cache_size',
               default=51200,
               min=0,
               help='The most MiB the kept images (cache_count) may take '
                    'together; the least recently used go first.'),
]


def register_opts(conf):
    conf.register_group(GROUP)
    conf.register_opts(images_opts, group=GROUP)


def list_opts():
    return {GROUP: images_opts}
