"""The request context of utter-va, built on oslo.context."""

from oslo_context import context


class RequestContext(context.RequestContext):
    """Who is asking: a Keystone-authenticated operator, or nobody.

    Buyers and payment processors are anonymous: their context has no user
    and no roles, and policy never lets them reach an operator route.
    """

    @classmethod
    def anonymous(cls, request_id=None):
        """Return the context of a request without a Keystone token."""
        return cls(request_id=request_id, is_admin=False, roles=[])
