"""The demo accounts' shared password (seed_demo). It opens nothing once DEBUG is off
(accounts.backends), whatever accounts were seeded."""

DEMO_PASSWORD = "caiqiao-demo-2026"
