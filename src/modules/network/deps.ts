import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import type { BusEvent } from '../../platform/events.js';
import type { SupportedLocale } from '../../platform/i18n/index.js';
import type { Mailer } from '../../platform/mail.js';
import type { Problem } from '../../platform/errors.js';
import type { Result } from '../../platform/result.js';
import type { SecretBox } from '../../platform/secrets.js';
import type { Transactor } from '../audit/index.js';
import type { Phase } from '../elections/index.js';
import type { SourcedItem } from '../roadmap/index.js';
import type { NetworkScope } from '../identity/index.js';
import type { Reader } from './tlp.js';

/** A member organisation of a network, as the network module shows it. */
export interface Member {
  readonly orgId: string;
  readonly orgName: string;
  readonly country: string;
  readonly role: 'coordinator' | 'member';
}

/** A network as identity describes it. */
export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly members: readonly Member[];
}

/** What the network module's services are given: the platform's parts and two other modules' doors. */
export interface NetworkDeps {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly mailer: Mailer;
  /** Where files attached to comments are kept, by their SHA-256. */
  readonly files: FileStore;
  readonly publicUrl: string;
  /** Seals what travels out and must come back unaltered (TAXII's `next` tokens). */
  readonly secrets: SecretBox;
  /** Logs what went wrong where no caller can be told (announcing after a commit). */
  warn(message: string, error: unknown): void;
  /** Publishes a live event to every app process (after the work it announces has committed). */
  notify(event: BusEvent): void;
  /** A network with its member organisations (identity's door). */
  network(networkId: string): Promise<NetworkInfo | undefined>;
  /** The networks an organisation belongs to (identity's door). */
  networksOf(orgId: string): Promise<{ id: string; name: string }[]>;
  /** Who answers for these organisations' security, to alert by e-mail, by organisation (identity's door). */
  responders(
    orgIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly { email: string; locale: SupportedLocale }[]>>;
  /**
   * Puts actions on an organisation's roadmap, linked to where they come from (roadmap's door); an origin
   * already there is skipped.
   */
  addToRoadmap(q: {
    orgId: string;
    actor: Actor;
    items: readonly RoadmapAction[];
  }): Promise<Result<{ created: string[]; skipped: number }, Problem>>;
  /** An organisation's next polling day and the days to it, if its calendar has one (elections' door). */
  nextPollingDay(orgId: string): Promise<{ pollingDay: string; daysToGo: number } | undefined>;
  /** The phase of an organisation's electoral calendar on a day, if any (elections' door). */
  phaseOn(orgId: string, at: Date): Promise<Phase | null>;
}

/** An action for the roadmap, as roadmap's door takes it from another module. */
export type RoadmapAction = SourcedItem;

/** Who acts in a network: the scope the network gate allowed, and the actor for the audit trail. */
export interface Caller {
  readonly scope: NetworkScope;
  readonly actor: Actor;
}

/** The TLP reader a caller is: the member organisation it acts for. */
export function readerOf(caller: Caller): Reader & { kind: 'member' } {
  return { kind: 'member', networkId: caller.scope.networkId, orgId: caller.scope.orgId };
}
