import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { systemActor } from './platform/actor.js';
import { ConfigError, loadConfig, type Config } from './platform/config.js';
import { verifyChain } from './modules/audit/index.js';
import { scanCommand } from './modules/webwatch/index.js';
import { Email, ROLES, type OrgId, type Role } from './modules/identity/index.js';
import { isDatabaseEmpty, seedDemo } from './demo/seed.js';
import { createTravelClock, type Clock } from './platform/clock.js';
import { createLogger, openServices, type Services } from './runtime.js';
import { startServer } from './start.js';
import { newSecret } from './platform/ids.js';
import { randomBytes } from 'node:crypto';
import { loadMasterKeys, pickKek, rewrapDataKeys, rotateKeyFile } from './platform/secrets.js';

/** Exit codes: 0 done, 1 failed, 2 bad usage or configuration, 3 integrity check failed. */
const EXIT = { ok: 0, failed: 1, usage: 2, integrity: 3 } as const;

function config(): Config {
  return loadConfig();
}

/** Runs `work` with the services open (quiet logs), closing them afterwards. */
async function withServices<T>(
  work: (services: Services) => Promise<T>,
  opts: { clock?: Clock } = {},
): Promise<T> {
  const cfg = config();
  const services = await openServices(cfg, {
    logger: createLogger({ logLevel: 'warn' }),
    poolSize: 2,
    ...(opts.clock && { clock: opts.clock }),
  });
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

function parseEmail(value: string): string {
  const parsed = Email.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('not a valid e-mail address');
  return parsed.data;
}

function parseRole(value: string): Role {
  const parsed = z.enum(ROLES).safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`one of ${ROLES.join(', ')}`);
  return parsed.data;
}

function fail(message: string, code: number = EXIT.failed): never {
  process.stderr.write(`atalaya: ${message}\n`);
  process.exit(code);
}

const program = new Command('atalaya')
  .description('Atalaya: cyber-preparedness, training and threat sharing for election management bodies.')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

program
  .command('serve')
  .description(
    'Start the web server (migrations are applied first). Reads PORT, HOST, DATABASE_URL, ATALAYA_DATA_DIR, PUBLIC_URL, SMTP_URL.',
  )
  .option('--demo', 'load the demo dataset when the database is empty (what `npm start` does)')
  .action(async (opts: { demo?: boolean }) => {
    await startServer(config(), { demo: opts.demo === true });
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit.')
  .action(async () => {
    await withServices(async () => {});
    process.stdout.write('Database is up to date.\n');
  });

program
  .command('seed')
  .description('Load data into the database.')
  .requiredOption('--demo', 'load the fictional demo dataset (refused unless the database is empty)')
  .action(async () => {
    const clock = createTravelClock();
    await withServices(
      async (services) => {
        if (!(await isDatabaseEmpty(services)))
          fail(
            'the database already has organisations; demo data loads only into an empty database',
            EXIT.usage,
          );
        await seedDemo(services, { progress: (line) => process.stdout.write(`${line}\n`), clock });
      },
      { clock },
    );
  });

const users = program.command('users').description('Manage user accounts.');
users
  .command('create')
  .description('Create an account. Without --password a strong one is generated and printed once.')
  .requiredOption('--email <email>', 'e-mail address (the sign-in name)', parseEmail)
  .option('--name <name>', 'display name')
  .option('--password <password>', 'initial password (at least 12 characters)')
  .option('--org <orgId>', 'organisation to join')
  .option('--role <role>', `role in --org (${ROLES.join(', ')})`, parseRole, 'staff' as Role)
  .option('--operator', 'make the account a deployment operator')
  .action(
    async (opts: {
      email: string;
      name?: string;
      password?: string;
      org?: string;
      role: Role;
      operator?: boolean;
    }) => {
      const password = opts.password ?? newSecret(18);
      if (password.length < 12) fail('the password must have at least 12 characters', EXIT.usage);
      await withServices(async (services) => {
        const result = await services.identity.orgs.createUser({
          actor: systemActor('cli'),
          email: opts.email,
          name: opts.name ?? opts.email,
          password,
          isOperator: opts.operator === true,
          ...(opts.org && { membership: { orgId: opts.org as OrgId, role: opts.role } }),
        });
        if (!result.ok)
          fail(
            result.error.id === 'email_taken'
              ? `an account for ${opts.email} already exists`
              : result.error.id,
          );
        process.stdout.write(`Created ${opts.email} (${result.value.userId}).\n`);
        if (!opts.password) process.stdout.write(`Password (shown once): ${password}\n`);
      });
    },
  );

const tokens = program.command('tokens').description('Manage API tokens.');
tokens
  .command('create')
  .description('Create an API token for a user and print it (it is stored hashed and never shown again).')
  .requiredOption('--user <email>', 'the user the token acts as', parseEmail)
  .option('--org <orgId>', 'organisation the token is scoped to (default: the user’s first)')
  .option(
    '--operator',
    'a token for the deployment’s operator routes (the default for an operator who belongs to no organisation)',
  )
  .option('--name <name>', 'a label to recognise the token by', 'cli')
  .action(async (opts: { user: string; org?: string; operator?: boolean; name: string }) => {
    if (opts.org && opts.operator) fail('choose --org or --operator, not both');
    await withServices(async (services) => {
      const result = await services.identity.tokens.createForEmail({
        email: opts.user,
        orgId: opts.org as OrgId | undefined,
        operator: opts.operator === true,
        name: opts.name,
        actor: systemActor('cli'),
      });
      if (!result.ok)
        fail(
          result.error.id === 'user_not_found'
            ? `no account for ${opts.user}`
            : result.error.id === 'operator_only'
              ? `${opts.user} is not a deployment operator`
              : `${opts.user} is not a member of that organisation`,
        );
      process.stdout.write(`${result.value.token}\n`);
    });
  });

const certificates = program.command('certificates').description('Verifiable training certificates.');
certificates
  .command('list')
  .description('List issued certificates: id, achievement, holder initials, status, verification URL.')
  .option('--json', 'print JSON instead of a table')
  .action(async (opts: { json?: boolean }) => {
    const rows = await withServices(async (services) =>
      (await services.credentials.list()).map((c) => ({
        id: c.id,
        achievement: c.achievement,
        recipient: c.recipientInitials,
        status: c.status,
        issuedAt: c.issuedAt.toISOString(),
        validUntil: c.validUntil?.toISOString() ?? null,
        verificationUrl: `${config().publicUrl}/verify/${c.id}`,
      })),
    );
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    for (const r of rows)
      process.stdout.write(
        `${r.id}  ${r.status.padEnd(10)} ${r.achievement.padEnd(18)} ${r.recipient.padEnd(5)} ${r.verificationUrl}\n`,
      );
    process.stdout.write(`${rows.length} certificates\n`);
  });

const taxii = program
  .command('taxii')
  .description('TAXII 2.1 feeds: remote collections pulled into networks.');
taxii
  .command('feeds')
  .description('List the feeds: id, network, title, collection URL, last pull and last error.')
  .action(async () => {
    const feeds = await withServices((services) => services.network.feeds.all());
    for (const f of feeds)
      process.stdout.write(
        `${f.id}  ${f.networkId}  ${f.title}  ${f.collectionUrl}  last pulled ${f.lastPulledAt?.toISOString() ?? 'never'}${f.lastError ? `  last error: ${f.lastError}` : ''}\n`,
      );
    process.stdout.write(`${feeds.length} feeds\n`);
  });
taxii
  .command('pull')
  .description(
    'Pull what each feed’s remote collection added since its last pull (or only --feed), now. Progress goes to ' +
      'stderr, a line per feed to stdout. Exit code 1 when a feed could not be pulled.',
  )
  .option('--feed <id>', 'pull this feed only')
  .action(async (opts: { feed?: string }) => {
    const failed = await withServices(async (services) => {
      const feeds = (await services.network.feeds.all()).filter((f) =>
        opts.feed ? f.id === opts.feed : f.pull,
      );
      if (opts.feed && feeds.length === 0) fail(`no feed ${opts.feed}`);
      let failures = 0;
      for (const feed of feeds) {
        const outcome = await services.network.feeds.pullById({
          feedId: feed.id,
          actor: systemActor('cli'),
          onPage: (p) =>
            process.stderr.write(
              `\r${feed.title}: page ${p.pages}, ${p.received} received, ${p.stored} stored, ${p.skipped} skipped, ${p.refused} refused`,
            ),
        });
        process.stderr.write('\n');
        if (outcome.ok)
          process.stdout.write(
            `${feed.title}: ${outcome.value.stored} new, ${outcome.value.skipped} already here or kept back, ${outcome.value.refused} refused.\n`,
          );
        else {
          failures += 1;
          process.stdout.write(`${feed.title}: not pulled (${outcome.error.detail ?? outcome.error.id}).\n`);
        }
      }
      if (feeds.length === 0) process.stdout.write('No feeds to pull.\n');
      return failures;
    });
    if (failed > 0) process.exit(EXIT.failed);
  });

program
  .command('scan')
  .description(
    'Scan one web address now: availability and redirects, TLS, security headers graded as the MDN HTTP ' +
      'Observatory grades them, cookies, CSP, scripts, mixed content and security.txt. Progress goes to stderr, ' +
      'the report to stdout. Loopback and private addresses only with ATALAYA_SCAN_ALLOW_PRIVATE=true. Exit code ' +
      '1 when the site did not answer, 2 when the address is refused.',
  )
  .argument('<url>', 'an http:// or https:// address')
  .option('--json', 'print the report as JSON: {url, observatory: {score, grade, tests}, tls, a11y, …}')
  .action(async (url: string, opts: { json?: boolean }) => {
    const outcome = await scanCommand(url, {
      json: opts.json === true,
      config: config(),
      err: process.stderr,
      out: process.stdout,
    });
    process.exit(outcome === 'scanned' ? EXIT.ok : outcome === 'down' ? EXIT.failed : EXIT.usage);
  });

const keys = program.command('keys').description('The master key that protects secrets at rest.');
keys
  .command('rotate')
  .description(
    'Re-wrap the data keys with a new master key, while servers keep running. With a key file (the default, ' +
      'ATALAYA_DATA_DIR/master.key or ATALAYA_MASTER_KEY_FILE) a new key is written there; with ' +
      'ATALAYA_MASTER_KEY, set ATALAYA_MASTER_KEY_NEXT to the new key first.',
  )
  .action(async () => {
    const cfg = config();
    const source = cfg.masterKey;
    if (source.kind === 'env' && !source.next)
      fail(
        `set ATALAYA_MASTER_KEY_NEXT to a new key (32 random bytes in base64, for example ${randomBytes(32).toString('base64')}) and run again`,
        EXIT.usage,
      );
    const outcome = await withServices(async (services) => {
      if (source.kind === 'file') return rotateKeyFile(services.db, source.path);
      const { keys: held } = await loadMasterKeys(source);
      const [current, next] = held;
      if (!current || !next) throw new Error('two master keys are needed');
      const from = await pickKek(services.db, held);
      if (from.id === next.id) return { from: current.id, to: next.id, dataKeys: 0 };
      return { from: from.id, to: next.id, dataKeys: await rewrapDataKeys(services.db, from, next) };
    });
    process.stdout.write(
      `Re-wrapped ${outcome.dataKeys} data keys: master key ${outcome.from} → ${outcome.to}.\n` +
        (source.kind === 'file'
          ? `The new master key is in ${source.path}. Back it up now, apart from the database backups: the old key no longer opens this database.\n`
          : 'Now give every process ATALAYA_MASTER_KEY = the value of ATALAYA_MASTER_KEY_NEXT, and remove ATALAYA_MASTER_KEY_NEXT.\n') +
        'Running servers keep working; restart them when convenient.\n',
    );
  });

const audit = program.command('audit').description('The audit trail.');
audit
  .command('verify')
  .description(
    'Recompute the hash chain and report the first altered or missing event. Exit code 3 when broken.',
  )
  .action(async () => {
    const outcome = await withServices((services) =>
      verifyChain(services.db, (checked) => process.stderr.write(`\rchecked ${checked} events`)),
    );
    process.stderr.write('\n');
    if (outcome.intact) {
      process.stdout.write(`Audit chain intact: ${outcome.events} events verified.\n`);
      return;
    }
    process.stdout.write(
      `Audit chain BROKEN at event ${outcome.firstBroken.id} (${outcome.firstBroken.action}): ${outcome.firstBroken.reason}. ${outcome.events} events before it are intact.\n`,
    );
    // Exit explicitly: a dependency's exit hook would otherwise turn exitCode back into 0.
    process.exit(EXIT.integrity);
  });

program
  .command('backup')
  .description('Write a consistent backup of the database with pg_dump (custom format).')
  .requiredOption('--out <file>', 'backup file to write')
  .action(async (opts: { out: string }) => {
    await withServices(async (services) => {
      await runTool('pg_dump', [
        '--format=custom',
        '--no-owner',
        `--file=${opts.out}`,
        `--dbname=${services.ownerUrl}`,
      ]);
      process.stdout.write(
        `Backup written to ${opts.out}.\nUploaded files (evidence, mission reports) are not in it: copy ${join(config().dataDir, 'files')} too. It only grows, so copying it after the dump captures every file the dump refers to.\n`,
      );
    });
  });

program
  .command('restore')
  .description('Replace the database contents with a backup made by `atalaya backup`. Stop the server first.')
  .argument('<file>', 'backup file')
  .action(async (file: string) => {
    await withServices(async (services) => {
      await runTool('pg_restore', [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--single-transaction',
        `--dbname=${services.ownerUrl}`,
        file,
      ]);
      process.stdout.write(`Restored from ${file}.\n`);
    });
  });

/** Runs a PostgreSQL client tool, with a clear message when it is missing. */
function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env[`${tool.toUpperCase()}_PATH`] ?? tool, args, {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              `${tool} is not installed. Install PostgreSQL client tools (Debian: apt-get install postgresql-client) or set ${tool.toUpperCase()}_PATH.`,
            )
          : error,
      ),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} exited with code ${code}`)),
    );
  });
}

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message, EXIT.usage);
  fail(error instanceof Error ? error.message : String(error));
});
