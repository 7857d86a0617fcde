-- Per-database part of init.sql: run once in `kot` and once in `kot_test` (after \connect).
-- Expects the psql variable service_roles set by init.sql.
SET client_min_messages = warning;

-- PG 15 already withholds CREATE on `public` from PUBLIC; say it explicitly so older
-- servers and restored dumps end up the same.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- One schema per service, owned by the service's role, closed to everyone else.
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', r, r)
  FROM unnest(:'service_roles'::text[]) AS r
\gexec
SELECT format('ALTER SCHEMA %I OWNER TO %I', r, r)
  FROM unnest(:'service_roles'::text[]) AS r
\gexec
SELECT format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', r)
  FROM unnest(:'service_roles'::text[]) AS r
\gexec

-- Unqualified names resolve to the role's own schema.
SELECT format('ALTER ROLE %I IN DATABASE %I SET search_path = %I', r, current_database(), r)
  FROM unnest(:'service_roles'::text[]) AS r
\gexec
