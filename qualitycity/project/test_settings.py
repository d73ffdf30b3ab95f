"""Settings for the test suite: the base settings with test overrides, nothing after them."""

from qualitycity.project.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only, tests only
DEBUG = False
QCITY_EXPORT_SYNC_LIMIT = 50
QCITY_PORTAL_RATE_LIMIT = 1000
AXES_ENABLED = True
