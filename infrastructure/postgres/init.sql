-- Idempotent bootstrap of the project's Postgres: roles, databases, one schema per service.
-- Runs as the superuser, twice or a hundred times with the same result:
--   natively:  infrastructure/native/stack.sh up  (psql -f infrastructure/postgres/init.sql)
--   in Docker: mounted as /docker-entrypoint-initdb.d (files in lib/ are only reached through \ir).
-- Least privilege: a service role owns its own schema and can reach nothing else;
-- nobody but the owner may create objects in `public`; kot_registry only sees its own database.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

-- Keep in sync with POSTGRES_SERVICE_SCHEMAS in infrastructure/stack.env (a unit test checks it).
\set service_roles '{order_service,inventory_service,shipping_service,notification_service,analytics_service}'

-- Roles: LOGIN with password = role name (local development only), no other attribute.
SELECT format('CREATE ROLE %I', r)
  FROM unnest(:'service_roles'::text[] || '{kot_registry}'::text[]) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)
\gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r, r)
  FROM unnest(:'service_roles'::text[] || '{kot_registry}'::text[]) AS r
\gexec

-- Databases: `kot` for the running system, `kot_test` for the test suites, `kot_registry` for Apicurio.
SELECT format('CREATE DATABASE %I', d)
  FROM unnest('{kot,kot_test}'::text[]) AS d
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = d)
\gexec
SELECT 'CREATE DATABASE kot_registry OWNER kot_registry'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'kot_registry')
\gexec
ALTER DATABASE kot_registry OWNER TO kot_registry;

-- Only the roles that belong in a database may connect to it.
REVOKE ALL ON DATABASE kot, kot_test, kot_registry FROM PUBLIC;
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', d, r)
  FROM unnest('{kot,kot_test}'::text[]) AS d, unnest(:'service_roles'::text[]) AS r
\gexec

\connect kot
\ir lib/service-schemas.sql
\connect kot_test
\ir lib/service-schemas.sql
