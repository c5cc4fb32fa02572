"""The one authentication backend: every sign-in, wherever it comes from, is counted here."""

from django.contrib.auth.backends import ModelBackend

from . import signin
from .models import User
from .sessions import take_user


class EmailBackend(ModelBackend):
    """Sign in with an email address (looked up exactly, in its canonical form) and password.

    A locked account is not even checked: the request is marked (``signin.mark_locked``) so
    the form can say why, and the password is not tried. A wrong password, or an address with no
    account, counts a failure."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = signin.canonical_email(username or kwargs.get(User.USERNAME_FIELD) or "")
        if not email or password is None:
            return None
        user = User.objects.filter(email=email).first()
        account = signin.account_of(user.pk if user else None, email)
        if signin.is_locked(account, request):
            signin.mark_locked(request)
            return None
        if user is None:
            User().set_password(password)  # as long as a real check, so timing tells nothing
        elif user.check_password(password) and self.user_can_authenticate(user):
            signin.clear_client(account, request)
            return user
        signin.record_failure(account, request)
        return None

    def get_user(self, user_id):
        """The person of this request's session: read with the session when it was
        (organizations.sessions), else by a query of its own; never one who may not sign in."""
        user = take_user(user_id)
        if user is None:
            return super().get_user(user_id)
        return user if self.user_can_authenticate(user) else None
