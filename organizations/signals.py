"""Signals of the accounts, for the apps above this one."""

from django.dispatch import Signal

# Sent after a person's new password is saved (changed or reset), with ``user``.
password_changed = Signal()
