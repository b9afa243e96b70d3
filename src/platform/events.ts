import pg from 'pg';
import { z } from 'zod';

const CHANNEL = 'atalaya_events';

/** An event addressed to one user, or to every member of one organisation. */
export const BusEvent = z.object({
  type: z.string().min(1).max(100),
  orgId: z.string().nullable(),
  userId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type BusEvent = z.infer<typeof BusEvent>;

/** An in-process event bus carried over PostgreSQL LISTEN/NOTIFY, so events cross processes. */
export interface EventBus {
  /** Publishes to every process (NOTIFY payloads must stay under 8000 bytes: send ids, not documents). */
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}

/** Publishes one event to every process listening on the bus. */
export async function publishEvent(pool: pg.Pool, event: BusEvent): Promise<void> {
  await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
}

/** Connects the bus: one dedicated connection listens; publishing goes through the pool. */
export async function createEventBus(opts: {
  url: string;
  pool: pg.Pool;
  log: (msg: string) => void;
}): Promise<EventBus> {
  const handlers = new Set<(event: BusEvent) => void>();
  let listener: pg.Client | undefined;
  let closed = false;

  async function connect(): Promise<void> {
    const client = new pg.Client({ connectionString: opts.url });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      const parsed = BusEvent.safeParse(safeJson(message.payload));
      if (!parsed.success) return;
      for (const handler of handlers) handler(parsed.data);
    });
    client.on('error', (error) => {
      opts.log(`event listener lost its connection: ${error.message}; reconnecting`);
      listener = undefined;
      if (!closed) setTimeout(() => void connect().catch(() => {}), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  }
  await connect();

  return {
    publish: (event) => publishEvent(opts.pool, event),
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      closed = true;
      handlers.clear();
      await listener?.end().catch(() => {});
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
