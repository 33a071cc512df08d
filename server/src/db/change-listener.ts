// One dedicated PostgreSQL connection per app server for its read cache (db/read-cache.ts): it
// LISTENs on the change channel that the 0018 migration's triggers NOTIFY at every commit that
// changes a watched table, and it reads the database's change stamp for the cache.
//
// The guarantee rests on the stamp, not on the notification: a commit on another server is
// visible to a new query the moment that server answers, but its notification may not have
// reached this process yet. So each cached read first reads `change_stamp` (a one-row primary-key
// read on this connection) and uses remembered answers only if they were loaded at that stamp:
// a request that starts after any commit on any server sees that commit. Reads are shared: a
// caller joins the stamp read that has not been sent yet (it will run after the caller came), so
// however many requests arrive, at most one stamp read is in flight and one waits.
// The notification is the push half: it forgets the entries at once (no memory held for data
// that changed) and proves the connection is alive. While this connection is down, or before its
// LISTEN is confirmed, there is no stamp: the cache is off (every read goes to the database) and
// the connection is retried after a second.
import pg from 'pg';

export const CHANGE_CHANNEL = 'handlefrihed_changes';
const RETRY_MS = 1000;

export class ChangeListener {
  private client: pg.Client | null = null;
  private listening = false;
  private connecting = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  /** The stamp read not sent yet (callers join it), and the last one sent. */
  private waiting: Promise<number | null> | null = null;
  private last: Promise<unknown> = Promise.resolve();
  /** Moves with every notification and every (re)connection: the cache forgets everything. */
  generation = 0;

  constructor(private readonly url: string) {}

  /**
   * The database's change stamp as of a moment after this call, or null while the cache must be
   * off (not listening, or the database has no stamp yet: before migrations).
   */
  stamp(): Promise<number | null> {
    if (!this.listening) {
      this.start();
      return Promise.resolve(null);
    }
    if (this.waiting) return this.waiting;
    const client = this.client!;
    const next: Promise<number | null> = this.last.then(async () => {
      if (this.waiting === next) this.waiting = null;
      if (!this.listening || this.client !== client) return null;
      try {
        const r = await client.query<{ stamp: number }>('select stamp from change_stamp where id = 1');
        return r.rows[0] ? Number(r.rows[0].stamp) : null;
      } catch {
        return null;
      }
    });
    this.waiting = next;
    this.last = next;
    return next;
  }

  get isListening(): boolean {
    return this.listening;
  }

  /** Connects and listens (once; again after a failure). Resolves when listening or failed. */
  async start(): Promise<void> {
    if (this.closed || this.connecting || this.client) return;
    this.connecting = true;
    const client = new pg.Client({ connectionString: this.url, application_name: 'handlefrihed cache listener' });
    const lost = () => this.lose(client);
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      if (n.channel === CHANGE_CHANNEL) this.generation++;
    });
    try {
      await client.connect();
      await client.query(`listen ${CHANGE_CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.generation++;
      this.listening = true;
    } catch {
      this.lose(client);
      await client.end().catch(() => {});
    } finally {
      this.connecting = false;
    }
  }

  private lose(client: pg.Client): void {
    if (this.client === client) this.client = null;
    this.listening = false;
    this.generation++;
    if (!this.closed && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = null;
        void this.start();
      }, RETRY_MS);
      this.retry.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }
}
