"""Users and roles: admins create people, set their roles and secrets, and issue badges."""
