import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { migrationAdapter } from '@kot/postgres/src/migration-adapter';

// Prisma 6 with the JS schema engine works offline (no native engine download). The schema's
// `env("DATABASE_URL")` must resolve even for `generate`, or the CLI falls back to downloading engines.
process.env.DATABASE_URL ??=
  'postgresql://shipping_service:shipping_service@127.0.0.1:5432/kot?schema=shipping_service';
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(__dirname, 'prisma', 'schema.prisma'),
  adapter: async () => migrationAdapter({ connectionString: process.env.DATABASE_URL }),
});
