-- Creates planrrr's own role and database beside Temporal's (`temporal`, created by the
-- postgres image for its superuser, and `temporal_visibility`, created by auto-setup).
-- The postgres image runs this once, when the `postgresql-data` volume is initialised;
-- later password changes need `ALTER ROLE planrrr PASSWORD '...'` by hand.
-- The password comes from the container's environment (docker-compose.yml passes
-- PLANRRR_DB_PASSWORD); \getenv needs psql 15 or newer.
\getenv planrrr_password PLANRRR_DB_PASSWORD
CREATE ROLE planrrr LOGIN PASSWORD :'planrrr_password';
CREATE DATABASE planrrr OWNER planrrr;
