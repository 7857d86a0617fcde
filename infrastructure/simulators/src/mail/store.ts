// Durable inbox: every captured message is written to the mail directory before SMTP answers 250,
// so a message the catcher accepted survives a restart, as it would in a real MTA's spool.
// Each message is `<id>.eml` (the raw source) and `<id>.json` (the parsed view); the JSON is
// written last through a rename, so a crash mid-write never leaves a half message behind.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../shared/runtime';
import { matches, type CapturedMessage, type MessageFilter } from './message';

export class MessageStore {
  private readonly messages = new Map<string, CapturedMessage>();

  private constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {}

  /** Creates the directory if needed and loads what earlier runs captured. */
  static async open(dir: string, log: Logger): Promise<MessageStore> {
    await mkdir(dir, { recursive: true });
    const store = new MessageStore(dir, log);
    await store.load();
    return store;
  }

  /** Ids sort by time of arrival, so file listings read in order too. */
  newId(receivedAt: number): string {
    return `${receivedAt.toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
  }

  async add(message: CapturedMessage, raw: Buffer): Promise<void> {
    const base = path.join(this.dir, message.id);
    await writeFile(`${base}.eml`, raw);
    await writeFile(`${base}.json.tmp`, JSON.stringify(message, null, 2));
    await rename(`${base}.json.tmp`, `${base}.json`);
    this.messages.set(message.id, message);
  }

  /** Oldest first. */
  list(filter: MessageFilter = {}): CapturedMessage[] {
    return [...this.messages.values()].filter((message) => matches(message, filter)).sort(byArrival);
  }

  get(id: string): CapturedMessage | undefined {
    return this.messages.get(id);
  }

  async raw(id: string): Promise<Buffer | undefined> {
    if (!this.messages.has(id)) return undefined;
    return readFile(path.join(this.dir, `${id}.eml`));
  }

  /** Also removes leftovers of interrupted writes, so an emptied inbox is really empty on disk. */
  async clear(): Promise<number> {
    const count = this.messages.size;
    this.messages.clear();
    const names = (await readdir(this.dir)).filter((name) => /\.(json|eml|tmp)$/.test(name));
    await Promise.all(names.map((name) => rm(path.join(this.dir, name), { force: true })));
    return count;
  }

  get size(): number {
    return this.messages.size;
  }

  private async load(): Promise<void> {
    const names = (await readdir(this.dir)).filter((name) => name.endsWith('.json'));
    for (const name of names) {
      try {
        const message = JSON.parse(await readFile(path.join(this.dir, name), 'utf8')) as CapturedMessage;
        this.messages.set(message.id, message);
      } catch (error) {
        this.log.warn('skipping unreadable captured message', { file: name, error: String(error) });
      }
    }
  }
}

function byArrival(a: CapturedMessage, b: CapturedMessage): number {
  return a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
