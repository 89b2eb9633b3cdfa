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

# Sphinx configuration of the utter-va documentation.

import os
import sys

# Local extensions: openapi_reference renders api-ref/openapi.json.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '_exts'))

extensions = [
    'openapi_reference',
    'openstackdocstheme',
    'oslo_config.sphinxconfiggen',
    'oslo_config.sphinxext',
    'oslo_policy.sphinxpolicygen',
    'oslo_policy.sphinxext',
]

config_generator_config_file = (
    '../../etc/utter-va/utter-va-config-generator.conf')
sample_config_basename = '_static/utter-va'

policy_generator_config_file = (
    '../../etc/utter-va/utter-va-policy-generator.conf')
sample_policy_basename = '_static/utter-va'

openstackdocs_repo_name = 'x/utter-va'
openstackdocs_use_storyboard = False
openstackdocs_auto_name = False
openstackdocs_bug_project = 'utter-va'
openstackdocs_bug_tag = 'doc'

project = 'utter-va'
copyright = '2026, The utter-va Authors'
master_doc = 'index'
exclude_patterns = []
pygments_style = 'native'
html_theme = 'openstackdocs'
html_static_path = ['_static']
