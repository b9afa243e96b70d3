import { z } from 'zod';
import { Tlp } from './model.js';

/** Path parameters of the network's routes. */
export const NetworkParams = z.strictObject({ networkId: z.uuid() });

/** A STIX id of one type, as routes take it (`incident--<uuid>`). */
export function stixIdOf(type: string) {
  return z
    .string()
    .regex(new RegExp(`^${type}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
}

/** The marking of a shared object and who it was shared by, as every reply carries it. */
export const MarkingOut = z.object({
  tlp: Tlp,
  ownerOrgId: z.string().nullable(),
  recipients: z.array(z.string()).readonly().nullable(),
});

/** The list parameters the network's lists share. */
export const ListQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** What a network route asks of its gate: a member organisation's standing at `level`. */
export function member(networkId: string, level: 'read' | 'write') {
  return { networkId, need: 'member' as const, level };
}
