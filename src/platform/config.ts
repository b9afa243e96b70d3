import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import type { MasterKeySource } from './secrets.js';
import { z } from 'zod';

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const Base64Key = z
  .string()
  .trim()
  .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes in base64 (44 characters)');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  ATALAYA_DATA_DIR: z.string().min(1).default('./.atalaya'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Atalaya <no-reply@atalaya.invalid>'),
  LOG_LEVEL: LogLevel.default('info'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx): TrustProxy => {
      const text = value.trim();
      if (text === 'false') return false;
      if (/^[1-9]$/.test(text)) return Number(text);
      const addresses = text.split(',').map((a) => a.trim());
      if (text !== 'true' && addresses.every((a) => isAddressOrRange(a))) return addresses;
      ctx.addIssue({
        code: 'custom',
        message:
          'must be false, the number of proxies in front of Atalaya (1–9), or their addresses (e.g. 10.0.0.5 or 10.0.0.0/24, comma-separated); `true` would trust any X-Forwarded-For a client sends',
      });
      return z.NEVER;
    }),
  METRICS_TOKEN: z.string().min(16, 'must have at least 16 characters').optional(),
  ATALAYA_MASTER_KEY: Base64Key.optional(),
  ATALAYA_MASTER_KEY_NEXT: Base64Key.optional(),
  ATALAYA_MASTER_KEY_FILE: z.string().min(1).optional(),
  ATALAYA_SCAN_ALLOW_PRIVATE: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  ATALAYA_SCAN_CA_FILE: z.string().min(1).optional(),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

/** Which proxies' X-Forwarded-For to believe: none, the nearest N hops, or these addresses and ranges. */
export type TrustProxy = false | number | string[];

function isAddressOrRange(text: string): boolean {
  const [address = '', bits, ...rest] = text.split('/');
  if (rest.length > 0 || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

/** Settings read from the environment once at start. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  /** With DATABASE_URL: the owner role's connection for migrations, jobs and backups (else DATABASE_URL). */
  readonly databaseOwnerUrl: string | undefined;
  readonly dataDir: string;
  readonly publicUrl: string;
  /** True when PUBLIC_URL is https, so cookies are Secure and HSTS is sent. */
  readonly secure: boolean;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly logLevel: z.infer<typeof LogLevel>;
  /** Proxies whose X-Forwarded-For is believed (the client address is what rate limits count by). */
  readonly trustProxy: TrustProxy;
  /** The bearer token that reads /metrics from other hosts than loopback; unset: loopback only. */
  readonly metricsToken: string | undefined;
  /** Where the master key (the key-encryption key of secrets at rest) comes from. */
  readonly masterKey: MasterKeySource;
  /**
   * Whether website scans may reach loopback, private and link-local addresses (tests and fixtures on this
   * machine); off, a scan of such an address is refused, whatever name leads there.
   */
  readonly scanAllowPrivate: boolean;
  /** PEM certificates website scans trust besides the system's (an intranet's own authority; test fixtures). */
  readonly scanCaFile: string | undefined;
  /** The Chromium accessibility scans and screenshots run in (Debian's package by default). */
  readonly chromiumPath: string;
}

/** A configuration error, phrased for the operator who set the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment. Empty strings count as unset, so `DATABASE_URL= npm start` behaves like leaving it
 * out. Throws ConfigError naming every variable that is wrong.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    dataDir: resolve(e.ATALAYA_DATA_DIR),
    publicUrl,
    secure: publicUrl.startsWith('https://'),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN,
    masterKey: e.ATALAYA_MASTER_KEY
      ? { kind: 'env', value: e.ATALAYA_MASTER_KEY, next: e.ATALAYA_MASTER_KEY_NEXT }
      : {
          kind: 'file',
          path: resolve(e.ATALAYA_MASTER_KEY_FILE ?? join(resolve(e.ATALAYA_DATA_DIR), 'master.key')),
        },
    scanAllowPrivate: e.ATALAYA_SCAN_ALLOW_PRIVATE,
    scanCaFile: e.ATALAYA_SCAN_CA_FILE && resolve(e.ATALAYA_SCAN_CA_FILE),
    chromiumPath: e.CHROMIUM_PATH,
  };
}
