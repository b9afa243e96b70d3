import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { systemClock, type Clock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { grantAppRole, migrateToLatest, openDb, type Db } from './platform/db.js';
import { startEmbeddedDatabase } from './platform/embedded-db.js';
import { createFolderFileStore, type FileStore } from './platform/files.js';
import { maskSecretsInUrl, UPLOAD_LIMIT_BYTES } from './platform/http.js';
import { createMailer, type Mailer } from './platform/mail.js';
import { publishEvent, type BusEvent } from './platform/events.js';
import { loadMasterKeys, openSecretBox, pickKek, type SecretBox } from './platform/secrets.js';
import { migrations } from './migrations/index.js';
import { createTransactor, type Transactor } from './modules/audit/index.js';
import { createElectionsService, currentPhase, type ElectionsService } from './modules/elections/index.js';
import { createIdentity, type Identity } from './modules/identity/index.js';
import { createAssessmentsService, type AssessmentsService } from './modules/assessments/index.js';
import { createRoadmapService, type RoadmapService } from './modules/roadmap/index.js';
import { createNetworkModule, type NetworkModule } from './modules/network/index.js';
import {
  createWebwatchService,
  DEFAULT_FETCH_POLICY,
  type WebwatchService,
} from './modules/webwatch/index.js';
import {
  createCredentialsService,
  createTrainingService,
  type CredentialsService,
  type TrainingService,
} from './modules/training/index.js';

/** Everything the server and the CLI share: the database and the modules' services. */
export interface Services {
  readonly db: Db;
  readonly pool: pg.Pool;
  readonly url: string;
  /** The database owner's connection string: migrations, pg-boss, backup and restore. */
  readonly ownerUrl: string;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly tx: Transactor;
  readonly identity: Identity;
  readonly elections: ElectionsService;
  readonly files: FileStore;
  readonly roadmap: RoadmapService;
  readonly assessments: AssessmentsService;
  readonly credentials: CredentialsService;
  readonly training: TrainingService;
  readonly network: NetworkModule;
  readonly webwatch: WebwatchService;
  readonly secrets: SecretBox;
  sealLegacySecrets(): Promise<void>;
  close(): Promise<void>;
}

/** The process logger; secrets in headers, bodies and link paths are redacted. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    serializers: {
      req: (req: { method?: string; url?: string; ip?: string; hostname?: string }) => ({
        method: req.method,
        url: maskSecretsInUrl(req.url ?? ''),
        host: req.hostname,
        remoteAddress: req.ip,
      }),
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.token',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Connects to PostgreSQL (DATABASE_URL, or the embedded server in the data dir), applies pending
 * migrations, and builds every module's services.
 */
export async function openServices(
  config: Config,
  opts: { logger: Logger; clock?: Clock; poolSize?: number },
): Promise<Services> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedDatabase(config.dataDir, (line) => opts.logger.debug({ postgres: line.trim() }));
  const url = config.databaseUrl ?? embedded?.url ?? '';
  // Migrations (and pg-boss's own schema, and backups) run as the database's owner; queries as the app's role.
  const ownerUrl = config.databaseOwnerUrl ?? config.databaseUrl ?? embedded?.ownerUrl ?? '';
  const { db, pool } = openDb(url, { max: opts.poolSize ?? 10 });
  let secrets: SecretBox;
  try {
    const owner = openDb(ownerUrl, { max: 1 });
    try {
      const { applied } = await migrateToLatest(owner.db, migrations);
      if (applied.length > 0) opts.logger.info({ applied }, 'database migrated');
      if (ownerUrl !== url) await grantAppRole(owner.db, decodeURIComponent(new URL(url).username));
    } finally {
      await owner.db.destroy();
    }
    const master = await loadMasterKeys(config.masterKey);
    if (master.created && config.masterKey.kind === 'file')
      opts.logger.warn(
        { file: config.masterKey.path },
        'Created the master key that protects secrets at rest (authenticator seeds, signing keys). Back this file up now, apart from the database backups: without it those secrets cannot be read.',
      );
    secrets = await openSecretBox(db, await pickKek(db, master.keys));
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  const services = composeServices({
    db,
    pool,
    url,
    ownerUrl,
    config,
    clock: opts.clock ?? systemClock,
    logger: opts.logger,
    secrets,
    stopDatabase: () => embedded?.stop() ?? Promise.resolve(),
  });
  await services.sealLegacySecrets();
  return services;
}

/** Builds the services on an open, migrated database. */
export function composeServices(q: {
  db: Db;
  pool: pg.Pool;
  url: string;
  /** The owner's connection string (migrations, jobs, backups); the app's own when there is one role. */
  ownerUrl?: string;
  config: Config;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  stopDatabase?: () => Promise<void>;
}): Services {
  const { db, clock, config, secrets } = q;
  const mailer = createMailer(db, {
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    log: (msg) => q.logger.warn(msg),
  });
  const tx = createTransactor(db, clock);
  const notify = (event: BusEvent) => {
    publishEvent(q.pool, event).catch((error: unknown) => {
      q.logger.warn({ err: error }, 'could not publish a notification');
    });
  };
  const identity = createIdentity({
    notify,
    db,
    tx,
    clock,
    mailer,
    secrets,
    publicUrl: config.publicUrl,
    rpId: new URL(config.publicUrl).hostname,
  });
  const elections = createElectionsService({ db, tx, clock });
  const files = createFolderFileStore({ root: join(config.dataDir, 'files'), maxBytes: UPLOAD_LIMIT_BYTES });
  const directory = (orgId: string) => identity.directory(orgId);
  const roadmap = createRoadmapService({
    db,
    tx,
    clock,
    files,
    directory,
    namesOf: (orgId, userIds) => identity.namesOf(orgId, userIds),
    mailer,
    notify,
    publicUrl: config.publicUrl,
    contactOf: (orgId, userId) => identity.contactOf(orgId, userId),
  });
  const assessments = createAssessmentsService({
    db,
    tx,
    clock,
    files,
    elections,
    roadmap,
    directory,
    networksOf: (orgId) => identity.networksOf(orgId),
    organisation: (orgId) => identity.organisation(orgId),
  });
  const credentials = createCredentialsService({ db, tx, clock, secrets, publicUrl: config.publicUrl });
  const training = createTrainingService({
    db,
    tx,
    clock,
    credentials,
    directory,
    organisation: (orgId) => identity.organisation(orgId),
    contactOf: (orgId, userId) => identity.contactOf(orgId, userId),
    mailer,
    files,
    secrets,
    publicUrl: config.publicUrl,
  });
  const network = createNetworkModule({
    db,
    tx,
    clock,
    mailer,
    files,
    notify,
    warn: (message, error) => q.logger.warn({ err: error }, message),
    publicUrl: config.publicUrl,
    secrets,
    network: (networkId) => identity.network(networkId),
    networksOf: (orgId) => identity.networksOf(orgId),
    responders: (orgIds) => identity.responders(orgIds),
    addToRoadmap: (q) => roadmap.addFromSource({ ...q, source: 'incident' }),
    nextPollingDay: (orgId) => elections.nextPollingDay(orgId),
    phaseOn: async (orgId, at) => {
      for (const election of await elections.list(orgId)) {
        const phase = currentPhase(election, at);
        if (phase) return phase;
      }
      return null;
    },
  });
  const webwatch = createWebwatchService({
    db,
    tx,
    clock,
    policy: {
      ...DEFAULT_FETCH_POLICY,
      allowPrivate: config.scanAllowPrivate,
      ca: config.scanCaFile && readFileSync(config.scanCaFile, 'utf8'),
    },
    units: async (orgId) => (await identity.directory(orgId)).units,
    responders: (orgIds) => identity.responders(orgIds),
    mailer,
    publicUrl: config.publicUrl,
    addToRoadmap: (q) => roadmap.addFromSource({ ...q, source: 'webwatch' }),
  });
  return {
    db,
    pool: q.pool,
    url: q.url,
    ownerUrl: q.ownerUrl ?? q.url,
    clock,
    mailer,
    tx,
    identity,
    elections,
    files,
    roadmap,
    assessments,
    credentials,
    training,
    network,
    webwatch,
    secrets,
    /** Seals secrets stored before encryption at rest (once; later starts find none). */
    async sealLegacySecrets() {
      await identity.sealLegacySecrets();
      await credentials.sealLegacySecrets();
      await training.sealLegacySecrets();
    },
    async close() {
      await mailer.close();
      await db.destroy();
      await q.stopDatabase?.();
    },
  };
}
