import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { migrationAdapter } from '@kot/postgres/src/migration-adapter';

// Prisma 6 runs offline only with the JS schema engine and a driver adapter (see /work/shared/FACTS.md).
// `env("DATABASE_URL")` in the schema must resolve even for `generate`, hence the local default.
process.env.DATABASE_URL ??=
  'postgresql://notification_service:notification_service@127.0.0.1:5432/kot?schema=notification_service';
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  adapter: async () => migrationAdapter({ connectionString: process.env.DATABASE_URL }),
});
