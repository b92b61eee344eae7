"""The shared base every app of ours may import, and which imports none of them: helpers more
than one app uses (the client's address, the CSP middleware, CSV downloads, the admin's list
limits, minute formatting), and the interfaces the apps above fill in (hooks: the security
audit log, notifications). The layers are written down in pyproject.toml (import-linter) and
explained in docs/developers/architecture.md."""
