import PgBoss from 'pg-boss';

/** Background jobs and schedules on pg-boss, spread across every app process sharing the database. */
export interface Jobs {
  readonly boss: PgBoss;
  /** Runs `work` on the cron schedule (UTC) in whichever process picks the job up first. */
  every(name: string, cron: string, work: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** Starts pg-boss on the same database (its tables live in the `pgboss` schema). */
export async function startJobs(opts: { url: string; log: (msg: string) => void }): Promise<Jobs> {
  const boss = new PgBoss({ connectionString: opts.url, max: 4 });
  boss.on('error', (error: Error) => opts.log(`jobs: ${error.message}`));
  await boss.start();
  return {
    boss,
    async every(name, cron, work) {
      await boss.createQueue(name);
      await boss.schedule(name, cron);
      await boss.work(name, async () => {
        await work();
      });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    },
  };
}
