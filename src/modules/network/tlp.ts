import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { Tlp, TLP_LEVELS } from './model.js';

/**
 * TLP 2.0, enforced here and nowhere else: every read path of the network module (screens, API, TAXII, exports,
 * search, live alerts, e-mail) asks this file who may see a shared object and how much of it may travel.
 *
 * Members of a network are organisations (national nodes), so an audience is a set of organisations:
 * - CLEAR: anyone, the public portal included;
 * - GREEN: every member organisation of the network;
 * - AMBER: the member organisations with a need to know — the chosen list, or every member when none was chosen;
 * - AMBER+STRICT: the submitting organisation only;
 * - RED: the named recipient organisations only (none named: the submitting organisation alone).
 * The submitting organisation always sees what it shared. Nothing crosses from one network to another.
 */

const TLP_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

const MarkingDefinition = z.object({
  type: z.literal('marking-definition'),
  spec_version: z.literal('2.1'),
  id: z.string().startsWith('marking-definition--'),
  created: z.string(),
  name: z.string(),
  extensions: z.object({
    [TLP_EXTENSION]: z.object({ extension_type: z.literal('property-extension'), tlp_2_0: Tlp }),
  }),
});
export type MarkingDefinition = z.infer<typeof MarkingDefinition>;

/** The five TLP 2.0 marking-definition objects as OASIS publishes them (content/stix), in level order. */
export const TLP_MARKING_DEFINITIONS: readonly MarkingDefinition[] = z
  .array(MarkingDefinition)
  .length(TLP_LEVELS.length)
  .parse(
    JSON.parse(
      readFileSync(
        join(import.meta.dirname, '..', '..', '..', 'content', 'stix', 'tlp-2.0-marking-definitions.json'),
        'utf8',
      ),
    ),
  );

const definitionByLevel = new Map(
  TLP_MARKING_DEFINITIONS.map((d) => [d.extensions[TLP_EXTENSION].tlp_2_0, d]),
);
const levelById = new Map(TLP_MARKING_DEFINITIONS.map((d) => [d.id, d.extensions[TLP_EXTENSION].tlp_2_0]));

/** The marking-definition id of a TLP level (what `object_marking_refs` holds). */
export function markingRefOf(tlp: Tlp): string {
  const definition = definitionByLevel.get(tlp);
  if (!definition) throw new Error(`no marking definition for TLP ${tlp}`);
  return definition.id;
}

/** The TLP 2.0 level a marking-definition id stands for, if it is one of the five. */
export function tlpOfMarkingRef(id: string): Tlp | undefined {
  return levelById.get(id);
}

/** The marking a shared object carries and the audience it was given. */
export interface Marking {
  readonly networkId: string;
  readonly tlp: Tlp;
  /** The organisation that shared it here; null for what came from elsewhere with no local owner. */
  readonly ownerOrgId: string | null;
  /** AMBER: the need-to-know organisations (null: every member). RED: the named organisations. Else null. */
  readonly recipients: readonly string[] | null;
}

/** Who reads: people acting for a member organisation of a network, or anyone at all (the public portal). */
export type Reader =
  | { readonly kind: 'member'; readonly networkId: string; readonly orgId: string }
  | { readonly kind: 'public' };

/** The rule itself: may `reader` see an object marked `marking`? */
export function mayRead(reader: Reader, marking: Marking): boolean {
  if (reader.kind === 'public') return marking.tlp === 'clear';
  if (reader.networkId !== marking.networkId) return false;
  if (marking.ownerOrgId === reader.orgId) return true;
  switch (marking.tlp) {
    case 'clear':
    case 'green':
      return true;
    case 'amber':
      return marking.recipients === null || marking.recipients.includes(reader.orgId);
    case 'amber+strict':
      return false;
    case 'red':
      return marking.recipients?.includes(reader.orgId) ?? false;
  }
}

/**
 * The same rule as SQL, for queries over a table (or alias) with the columns `network_id`, `tlp`,
 * `owner_org_id` and `recipients`: stores filter with it so an invisible row never leaves the database. The
 * property test holds it to `mayRead` on generated markings and readers.
 */
export function readableBy(reader: Reader, alias: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  if (reader.kind === 'public') return sql<boolean>`${column('tlp')} = 'clear'`;
  const org = sql`${reader.orgId}::uuid`;
  return sql<boolean>`(${column('network_id')} = ${reader.networkId}::uuid AND (
    ${column('owner_org_id')} IS NOT DISTINCT FROM ${org}
    OR ${column('tlp')} IN ('clear', 'green')
    OR (${column('tlp')} = 'amber' AND (${column('recipients')} IS NULL OR ${org} = ANY (${column('recipients')})))
    OR (${column('tlp')} = 'red' AND ${org} = ANY (${column('recipients')}))))`;
}

/**
 * How much of an object an e-mail may carry: CLEAR and GREEN content may be quoted; for AMBER, AMBER+STRICT and
 * RED the message only says that something was shared, with a link to sign in and read it.
 */
export function emailCarries(tlp: Tlp): 'content' | 'notice' {
  return tlp === 'clear' || tlp === 'green' ? 'content' : 'notice';
}

/**
 * Whether a reader may copy an object's words out of the network into its own organisation's records (its
 * roadmap), where its colleagues and advisers under an access grant read them: the organisation that shared it
 * may, whatever the marking; others only CLEAR and GREEN content.
 */
export function mayCopyOut(reader: Reader, marking: Marking): boolean {
  if (!mayRead(reader, marking)) return false;
  const own = reader.kind === 'member' && marking.ownerOrgId === reader.orgId;
  return own || marking.tlp === 'clear' || marking.tlp === 'green';
}

/**
 * Whether an object may be pushed to another deployment's TAXII collection: AMBER+STRICT and RED never leave
 * the deployment they were shared on (a peer reads them only by pulling as a named recipient).
 */
export function mayLeaveDeployment(tlp: Tlp): boolean {
  return tlp === 'clear' || tlp === 'green' || tlp === 'amber';
}

/**
 * Whether a reader may push an object to another deployment's TAXII collection (a peer national node, a CERT):
 * only what may leave the deployment at all, and of that only what its own organisation shared, or CLEAR.
 * Passing on another member's GREEN or AMBER to another community is for that member to decide.
 */
export function mayPush(reader: Reader, marking: Marking): boolean {
  if (!mayRead(reader, marking) || !mayLeaveDeployment(marking.tlp)) return false;
  return marking.tlp === 'clear' || (reader.kind === 'member' && marking.ownerOrgId === reader.orgId);
}

/**
 * The audience an object keeps when it arrives without one chosen here (over TAXII, from MISP, from a pulled
 * feed): AMBER+STRICT, and RED without named recipients, stay with the organisation that submitted it.
 */
export function receivedMarking(q: {
  networkId: string;
  tlp: Tlp;
  submitterOrgId: string | null;
  namedRecipients: readonly string[];
}): Marking {
  const { networkId, tlp, submitterOrgId, namedRecipients } = q;
  const named = namedRecipients.length > 0 ? [...new Set(namedRecipients)] : null;
  return {
    networkId,
    tlp,
    ownerOrgId: submitterOrgId,
    recipients: tlp === 'amber' ? named : tlp === 'red' ? (named ?? []) : null,
  };
}

/**
 * The marking of what a member adds to an object it may read (a comment on an incident, feedback on a
 * playbook): the object's audience exactly, whoever adds it. The adder owns the addition, and the organisation
 * that shared the object joins the named audience — it always reads what is said about what it shared, even
 * when a named recipient of its AMBER or RED incident says it.
 */
export function followingMarking(parent: Marking, authorOrgId: string): Marking {
  const withParentOwner = (named: readonly string[]) =>
    parent.ownerOrgId === null ? [...named] : [...new Set([...named, parent.ownerOrgId])];
  const recipients =
    parent.tlp === 'red'
      ? withParentOwner(parent.recipients ?? [])
      : parent.tlp === 'amber' && parent.recipients !== null
        ? withParentOwner(parent.recipients)
        : null;
  return { networkId: parent.networkId, tlp: parent.tlp, ownerOrgId: authorOrgId, recipients };
}

/**
 * Whether a new marking would take an object away from some member organisation that may read it now. What was
 * shared has been read: an audience widens, never narrows (and what members added under the old audience,
 * such as comments, stays readable by exactly the readers it had).
 */
export function narrows(before: Marking, after: Marking, memberOrgIds: readonly string[]): boolean {
  return memberOrgIds.some((orgId) => {
    const reader = { kind: 'member', networkId: before.networkId, orgId } as const;
    return mayRead(reader, before) && !mayRead(reader, after);
  });
}
