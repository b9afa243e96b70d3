import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { Transactor } from '../audit/index.js';
import type { Phase } from '../elections/index.js';
import type { NetworkScope } from '../identity/index.js';
import type { Reader } from './tlp.js';

/** A member organisation of a network, as the network module shows it. */
export interface Member {
  readonly orgId: string;
  readonly orgName: string;
  readonly country: string;
  readonly role: 'coordinator' | 'member';
}

/** What the network module's services are given: the platform's parts and two other modules' doors. */
export interface NetworkDeps {
  readonly db: Db;
  readonly tx: Transactor;
  readonly clock: Clock;
  /** The member organisations of a network (identity's door). */
  members(networkId: string): Promise<Member[]>;
  /** The phase of an organisation's electoral calendar on a day, if any (elections' door). */
  phaseOn(orgId: string, at: Date): Promise<Phase | null>;
}

/** Who acts in a network: the scope the network gate allowed, and the actor for the audit trail. */
export interface Caller {
  readonly scope: NetworkScope;
  readonly actor: Actor;
}

/** The TLP reader a caller is: the member organisation it acts for. */
export function readerOf(caller: Caller): Reader & { kind: 'member' } {
  return { kind: 'member', networkId: caller.scope.networkId, orgId: caller.scope.orgId };
}
