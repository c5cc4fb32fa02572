"""Signals of the accounts, for the apps above this one."""

from django.dispatch import Signal

# Sent after a person's new password is saved (changed or reset), with ``user``.
password_changed = Signal()

# Sent after another organization was merged into ``organization`` (organizations.merging):
# what apps above keep per organization (the heat map's totals) is computed again.
organization_merged = Signal()
