"""Development: the embedded default (SQLite, tasks in-process) unless overridden."""

from core.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", True)
