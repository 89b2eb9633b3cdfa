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
