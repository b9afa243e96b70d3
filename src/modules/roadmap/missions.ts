import { z } from 'zod';

/** Who issued a mission's recommendations: the sources a mission can be. */
export const MISSION_KINDS = ['team', 'eu_eom', 'odihr', 'observer', 'audit', 'other'] as const;
export const MissionKind = z.enum(MISSION_KINDS);
export type MissionKind = z.infer<typeof MissionKind>;

/** A mission (such as a technical election assessment mission) whose report carries recommendations. */
export interface Mission {
  readonly id: string;
  readonly name: string;
  readonly kind: MissionKind;
  readonly team: string[];
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  readonly areas: string[];
  readonly report: { filename: string; sha256: string } | null;
  readonly recommendations: number;
  readonly done: number;
}

/** The organisation's strategic plan and its objectives, with how many items serve each. */
export interface Plan {
  readonly id: string;
  readonly title: string;
  readonly startsYear: number;
  readonly endsYear: number;
  readonly objectives: { id: string; code: string; title: string; items: number; done: number }[];
}
