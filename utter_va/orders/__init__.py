"""The order domain: every rule about an order, in one place.

:mod:`~utter_va.orders.states` holds the states and the one transition
table; :mod:`~utter_va.orders.transitions` the one way to lock an order
and change its state; :mod:`~utter_va.orders.ledger` the crediting rules;
:mod:`~utter_va.orders.closing` the close reasons and what is owed back;
:mod:`~utter_va.orders.holds` and :mod:`~utter_va.orders.sales` what an
order holds and may be sold; :mod:`~utter_va.orders.lifecycle` what each
order's server should be; :mod:`~utter_va.orders.actions` how that is made
so, with no row lock held during a remote call.
"""
