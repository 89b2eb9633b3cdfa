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

"""The buyers' storefront: offers, checkout and order pages.

A Flask blueprint of the API's own app, under ``/store/``: HTML pages
rendered by Jinja2 (every text through oslo.i18n), and plain JavaScript
that calls only the public buyer routes of the JSON API, on the same
origin. The order token lives in the page's URL fragment and the browser's
storage, and travels only in the ``X-Order-Token`` header.
"""
