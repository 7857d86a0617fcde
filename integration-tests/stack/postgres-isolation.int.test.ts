// Least privilege in Postgres, as infrastructure/postgres/init.sql sets it up: each service's role
// works in its own schema and cannot see another service's data, nor write to `public`,
// nor reach the registry's database. Checked on the running system's database and on this file's
// own test database (a clone of kot_test, which is what every integration suite gets).
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { readStackEnv, stackValue } from '../../infrastructure/native/stack-env';

const env = readStackEnv();
const probe = `stack_probe_${randomBytes(4).toString('hex')}`;

function connectAs(role: string, database: string): Client {
  return new Client({
    host: stackValue(env, 'POSTGRES_HOST'),
    port: Number(stackValue(env, 'POSTGRES_PORT')),
    user: role,
    password: role,
    database,
  });
}

async function asRole<T>(role: string, database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = connectAs(role, database);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const testDatabase = (): string => process.env.KOT_TEST_DATABASE ?? stackValue(env, 'POSTGRES_TEST_DB');

describe("service schemas in this file's test database", () => {
  beforeAll(async () => {
    await asRole('inventory_service', testDatabase(), (db) =>
      db.query(
        `CREATE TABLE inventory_service.${probe} (sku text PRIMARY KEY); INSERT INTO inventory_service.${probe} VALUES ('SKU-1')`,
      ),
    );
  });

  it('lets a service create, write and read tables in its own schema', async () => {
    const rows = await asRole('order_service', testDatabase(), async (db) => {
      await db.query(`CREATE TABLE ${probe} (id int PRIMARY KEY)`); // unqualified: search_path is the own schema
      await db.query(`INSERT INTO order_service.${probe} VALUES (1), (2)`);
      return (await db.query(`SELECT id FROM order_service.${probe} ORDER BY id`)).rows;
    });
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("refuses a service's role access to another service's table", async () => {
    const attempt = asRole('order_service', testDatabase(), (db) =>
      db.query(`SELECT * FROM inventory_service.${probe}`),
    );
    await expect(attempt).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied for schema inventory_service',
    });
  });

  it("refuses a service's role to create tables in public", async () => {
    const attempt = asRole('shipping_service', testDatabase(), (db) =>
      db.query(`CREATE TABLE public.${probe} (id int)`),
    );
    await expect(attempt).rejects.toMatchObject({ code: '42501', message: 'permission denied for schema public' });
  });
});

describe.each([stackValue(env, 'POSTGRES_DB'), stackValue(env, 'POSTGRES_TEST_DB')])('database %s', (database) => {
  it('gives every service role usage of its own schema and of no other', async () => {
    const roles = stackValue(env, 'POSTGRES_SERVICE_SCHEMAS').split(' ');
    const grants = await asRole('order_service', database, async (db) => {
      const { rows } = await db.query<{ schema: string; usable: boolean }>(
        "SELECT s AS schema, has_schema_privilege(s, 'USAGE') AS usable FROM unnest($1::text[]) AS s ORDER BY s",
        [roles],
      );
      return rows;
    });
    expect(grants).toEqual([...roles].sort().map((schema) => ({ schema, usable: schema === 'order_service' })));
  });

  it("refuses order_service a query into inventory_service's schema", async () => {
    const attempt = asRole('order_service', database, (db) => db.query('SELECT 1 FROM inventory_service.stock_items'));
    await expect(attempt).rejects.toMatchObject({
      code: '42501',
      message: 'permission denied for schema inventory_service',
    });
  });
});

describe('the registry database', () => {
  it('is closed to service roles', async () => {
    const attempt = asRole('order_service', stackValue(env, 'REGISTRY_DB'), async () => undefined);
    await expect(attempt).rejects.toMatchObject({ code: '42501' });
    await expect(attempt).rejects.toThrow(/permission denied for database "?kot_registry"?/);
  });

  it('is owned by the registry role, which can connect to it', async () => {
    const owner = await asRole(stackValue(env, 'REGISTRY_DB_USER'), stackValue(env, 'REGISTRY_DB'), async (db) => {
      const { rows } = await db.query<{ owner: string }>(
        'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()',
      );
      return rows[0]?.owner;
    });
    expect(owner).toBe(stackValue(env, 'REGISTRY_DB_USER'));
  });
});
