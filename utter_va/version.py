"""The version of the installed utter-va package."""

import pbr.version

version_info = pbr.version.VersionInfo('utter-va')
version_string = version_info.version_string
