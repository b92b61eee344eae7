"""No tables of its own yet (the login lockout and the security audit log will come here). The
module exists because Django sends post_migrate, which creates the roles, only to apps with
models."""
