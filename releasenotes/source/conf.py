# Sphinx configuration of the utter-va release notes.

extensions = [
    'openstackdocstheme',
    'reno.sphinxext',
]

openstackdocs_repo_name = 'x/utter-va'
openstackdocs_use_storyboard = False
openstackdocs_auto_name = False
openstackdocs_bug_project = 'utter-va'
openstackdocs_bug_tag = 'releasenotes'

project = 'utter-va Release Notes'
copyright = '2026, The utter-va Authors'
master_doc = 'index'
exclude_patterns = []
pygments_style = 'native'
html_theme = 'openstackdocs'
html_static_path = ['_static']
locale_dirs = ['locale/']
