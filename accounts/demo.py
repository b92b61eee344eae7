"""The demo accounts' shared password (seed_demo). It opens nothing unless the site is a
demonstration site (settings.DEMO_SITE; accounts.backends), whatever accounts were seeded."""

DEMO_PASSWORD = "caiqiao-demo-2026"
