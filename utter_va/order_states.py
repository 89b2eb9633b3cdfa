"""The states of an order, and the groups of them the code asks about.

``awaiting_payment -> paid -> booting -> active <-> suspended ->
terminated``; ``awaiting_payment -> expired``; ``booting``, ``active`` or
``suspended -> failed``; any live state ``-> cancelled`` (or
``terminated``) by an operator.
"""

AWAITING_PAYMENT = 'awaiting_payment'
PAID = 'paid'
BOOTING = 'booting'
ACTIVE = 'active'
SUSPENDED = 'suspended'
TERMINATED = 'terminated'
EXPIRED = 'expired'
FAILED = 'failed'
CANCELLED = 'cancelled'

#: Paid for, no server running yet.
UNBOOTED = (PAID, BOOTING)
#: A server runs (or is suspended) on paid time.
RUNNING = (ACTIVE, SUSPENDED)
#: The order may still change state by itself.
LIVE = (AWAITING_PAYMENT,) + UNBOOTED + RUNNING
#: The order is over; a payment to it is owed back.
CLOSED = (TERMINATED, FAILED, EXPIRED, CANCELLED)
ALL = LIVE + CLOSED
#: Holding a unit of capacity Placement does not count yet.
HOLDING = (AWAITING_PAYMENT,) + UNBOOTED
