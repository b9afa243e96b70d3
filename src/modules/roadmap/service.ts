import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Tx } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { RecordAudit } from '../audit/index.js';
import type { FileStore } from '../../platform/files.js';
import type { Directory } from '../identity/index.js';
import { createMissionsService } from './missions.service.js';
import { sendDueReminders, type ReminderDeps } from './reminders.js';
import { nextStatuses, type Grade, type Item, type ItemSummary, type Source, type Status } from './model.js';
import { dashboardCounts } from './counts.store.js';
import { insertGrade, insertMilestone, insertUpdate, setMilestoneDone } from './progress.store.js';
import {
  getItem,
  insertItems,
  itemsByOrigin,
  listItems,
  listVersion,
  patchItem,
  type ItemFilter,
  type ItemPatch,
  type NewItemRow,
  type StoredItem,
} from './store.js';

/** What a person enters for a new item. */
export type ItemInput = Omit<NewItemRow, 'id' | 'orgId' | 'originKey' | 'origin' | 'status'> & {
  readonly status?: Status | undefined;
};

/** An item another module proposes (an assessment gap, a website finding, an incident's lesson). */
export interface SourcedItem {
  /** Identifies the origin so the same finding is never tracked twice (e.g. `assessment:<id>:GOV-03`). */
  readonly originKey: string;
  readonly origin: Readonly<Record<string, string>>;
  readonly title: string;
  readonly description: string;
  readonly area: string;
  readonly priority: 'P1' | 'P2' | 'P3';
  readonly horizon: 'before_next_election' | 'medium' | 'long';
  readonly dueOn: string | null;
  readonly donorFundable: boolean;
  /** Who answers for it: a member of the organisation, or null for nobody yet. */
  readonly ownerUserId: string | null;
}

const today = (clock: Clock) => clock.now().toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Builds the roadmap service: one tracker for every recommended action, whatever its source. */
export function createRoadmapService(
  deps: Omit<ReminderDeps, 'publicUrl'> & {
    publicUrl: string;
    files: FileStore;
    directory: (orgId: string) => Promise<Directory>;
    /** Names of people who are or were members (identity's door): progress notes keep their writer's name. */
    namesOf: (orgId: string, userIds: readonly string[]) => Promise<Map<string, string>>;
  },
) {
  const { db, tx, clock, directory, namesOf } = deps;
  const missions = createMissionsService(deps);

  /** Reads an item with the names of those who wrote its progress notes. */
  async function readItem(d: Db | Tx, orgId: string, itemId: string): Promise<Result<Item, Problem>> {
    const item = await getItem(d, orgId, itemId);
    if (!item) return fail('not_found', 'item_not_found');
    const writers = [...new Set(item.updates.flatMap((u) => (u.byUserId ? [u.byUserId] : [])))];
    const names = await namesOf(orgId, writers);
    return ok({
      ...item,
      updates: item.updates.map(({ byUserId, ...u }) => ({
        ...u,
        by: byUserId ? (names.get(byUserId) ?? null) : null,
      })),
    });
  }

  async function checkOwners(
    orgId: string,
    p: {
      ownerUserId?: string | null;
      ownerUnitId?: string | null;
      missionId?: string | null;
      objectiveId?: string | null;
    },
  ) {
    const badLink = await missions.checkLinks(orgId, p);
    if (badLink) return badLink;
    if (!p.ownerUserId && !p.ownerUnitId) return undefined;
    const dir = await directory(orgId);
    if (p.ownerUserId && !dir.people.some((x) => x.id === p.ownerUserId))
      return fail('invalid', 'owner_not_member').error;
    if (p.ownerUnitId && !dir.units.some((x) => x.id === p.ownerUnitId))
      return fail('invalid', 'unit_not_found').error;
    return undefined;
  }

  /** Runs a change on one item that must still be at `version`, then audits it and returns the item. */
  function changeItem(
    q: { orgId: string; itemId: string; actor: Actor; version: number },
    work: (t: Tx, before: StoredItem, record: RecordAudit) => Promise<Result<ItemPatch, Problem>>,
    action: string,
  ): Promise<Result<Item, Problem>> {
    return tx.run(q.actor, async (t, record) => {
      const before = await getItem(t, q.orgId, q.itemId);
      if (!before) return fail('not_found', 'item_not_found');
      if (before.version !== q.version) return fail('conflict', 'item_changed');
      const patch = await work(t, before, record);
      if (!patch.ok) return patch;
      await patchItem(t, {
        orgId: q.orgId,
        itemId: q.itemId,
        version: q.version,
        patch: patch.value,
        at: clock.now(),
      });
      await record({
        action,
        orgId: q.orgId,
        targetType: 'roadmap_item',
        targetId: q.itemId,
        summary: { ...patch.value },
      });
      return readItem(t, q.orgId, q.itemId);
    });
  }

  return {
    /** Missions, their reports and imports, and the strategic plan. */
    missions,

    /** Mails and notifies owners of items due in 7 days or tomorrow (the daily job). */
    sendDueReminders(actor: Actor): Promise<{ sent: number }> {
      return sendDueReminders(deps, actor);
    },

    list(orgId: string, filter: ItemFilter): Promise<{ items: ItemSummary[]; total: number }> {
      return listItems(db, orgId, filter);
    },

    /** A number that moves on with every change `list` would show (a reply kept under it stays true). */
    listVersion(orgId: string): Promise<string> {
      return listVersion(db, orgId);
    },

    async get(orgId: string, itemId: string): Promise<Result<Item, Problem>> {
      return readItem(db, orgId, itemId);
    },

    /** People and units an item can be given to. */
    directory,

    async create(q: { orgId: string; actor: Actor; input: ItemInput }): Promise<Result<Item, Problem>> {
      const bad = await checkOwners(q.orgId, q.input);
      if (bad) return { ok: false, error: bad };
      const id = newId();
      const status = q.input.status ?? (q.input.kind === 'action' ? 'planned' : 'issued');
      return tx.run(q.actor, async (t, record) => {
        await insertItems(t, [{ ...q.input, id, orgId: q.orgId, originKey: null, origin: {}, status }]);
        await record({
          action: 'roadmap.item_created',
          orgId: q.orgId,
          targetType: 'roadmap_item',
          targetId: id,
          summary: { title: q.input.title, source: q.input.source, kind: q.input.kind },
        });
        return readItem(t, q.orgId, id);
      });
    },

    /**
     * Adds items proposed by another module as planned actions. Findings already on the roadmap are left as
     * they are, so sending the same gaps twice tracks each once.
     */
    async addFromSource(q: {
      orgId: string;
      actor: Actor;
      source: Source;
      items: readonly SourcedItem[];
    }): Promise<Result<{ created: string[]; skipped: number }, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        const rows = q.items.map((i) => ({
          ...i,
          id: newId(),
          orgId: q.orgId,
          kind: 'action' as const,
          source: q.source,
          paragraphRef: '',
          addressee: '',
          instrument: null,
          priorityFlag: i.priority === 'P1',
          ownerUnitId: null,
          status: 'planned' as const,
        }));
        const created = await insertItems(t, rows);
        for (const id of created) {
          const row = rows.find((r) => r.id === id);
          await record({
            action: 'roadmap.item_created',
            orgId: q.orgId,
            targetType: 'roadmap_item',
            targetId: id,
            summary: { title: row?.title, source: q.source, origin: row?.origin },
          });
        }
        return ok({ created, skipped: rows.length - created.length });
      });
    },

    async update(q: {
      orgId: string;
      itemId: string;
      actor: Actor;
      version: number;
      patch: Omit<ItemPatch, 'status' | 'statusReason'>;
    }) {
      const bad = await checkOwners(q.orgId, q.patch);
      if (bad) return { ok: false as const, error: bad };
      return changeItem(q, () => Promise.resolve(ok(q.patch)), 'roadmap.item_updated');
    },

    /** The items made from a source's records, by origin key: what is already on the roadmap, and how far. */
    async linked(
      orgId: string,
      originKeys: readonly string[],
    ): Promise<Map<string, { id: string; status: Status }>> {
      const rows = await itemsByOrigin(db, orgId, originKeys);
      return new Map(rows.map((r) => [r.originKey, { id: r.id, status: r.status }]));
    },

    /**
     * Keeps an action made from a source in step with it: done once the source says the need is met (an
     * assessment answer raised to its target), back in progress if it is no longer met. Items not yet
     * planned, or already where they belong, are left alone; the move is audited with the reason.
     */
    async followSource(q: {
      orgId: string;
      actor: Actor;
      originKey: string;
      met: boolean;
      reason: string;
    }): Promise<Result<Item | undefined, Problem>> {
      const [item] = await itemsByOrigin(db, q.orgId, [q.originKey]);
      const to: Status | undefined = !item
        ? undefined
        : q.met && (item.status === 'planned' || item.status === 'in_progress')
          ? 'done'
          : !q.met && item.status === 'done'
            ? 'in_progress'
            : undefined;
      if (!item || !to) return ok(undefined);
      return changeItem(
        { orgId: q.orgId, itemId: item.id, actor: q.actor, version: item.version },
        () => Promise.resolve(ok({ status: to, statusReason: q.reason })),
        'roadmap.item_moved',
      );
    },

    /** Moves an item along the workflow; a rejection needs a reason. */
    move(q: {
      orgId: string;
      itemId: string;
      actor: Actor;
      version: number;
      status: Status;
      reason: string;
    }) {
      return changeItem(
        q,
        (_t, before) => {
          if (!nextStatuses(before.status).includes(q.status))
            return Promise.resolve(
              fail('invalid', 'status_not_allowed', { params: { from: before.status, to: q.status } }),
            );
          if (q.status === 'rejected' && q.reason.trim() === '')
            return Promise.resolve(fail('invalid', 'reason_required'));
          return Promise.resolve(ok({ status: q.status, statusReason: q.reason }));
        },
        'roadmap.item_moved',
      );
    },

    /** Appends an implementation grade; earlier grades stay as they were. */
    grade(q: {
      orgId: string;
      itemId: string;
      actor: Actor;
      version: number;
      grade: Grade;
      gradedOn: string;
      assessor: string;
      rationale: string;
    }) {
      if (q.gradedOn > today(clock)) return Promise.resolve(fail('invalid', 'date_in_future'));
      return changeItem(
        q,
        async (t) => {
          const { grade, gradedOn, assessor, rationale } = q;
          await insertGrade(t, {
            id: newId(),
            itemId: q.itemId,
            grade,
            gradedOn,
            assessor,
            rationale,
            by: q.actor.userId,
          });
          return ok({});
        },
        'roadmap.item_graded',
      );
    },

    /** Records a progress note. */
    note(q: { orgId: string; itemId: string; actor: Actor; version: number; body: string }) {
      return changeItem(
        q,
        async (t) => {
          await insertUpdate(t, { id: newId(), itemId: q.itemId, body: q.body, by: q.actor.userId });
          return ok({});
        },
        'roadmap.item_noted',
      );
    },

    addMilestone(q: {
      orgId: string;
      itemId: string;
      actor: Actor;
      version: number;
      title: string;
      dueOn: string | null;
    }) {
      return changeItem(
        q,
        async (t) => {
          await insertMilestone(t, { id: newId(), itemId: q.itemId, title: q.title, dueOn: q.dueOn });
          return ok({});
        },
        'roadmap.milestone_added',
      );
    },

    setMilestone(q: {
      orgId: string;
      itemId: string;
      actor: Actor;
      version: number;
      milestoneId: string;
      done: boolean;
    }) {
      return changeItem(
        q,
        async (t) =>
          (await setMilestoneDone(t, {
            itemId: q.itemId,
            milestoneId: q.milestoneId,
            doneOn: q.done ? today(clock) : null,
          }))
            ? ok({})
            : fail('not_found', 'milestone_not_found'),
        'roadmap.milestone_updated',
      );
    },

    /** Implementation at a glance: by status, area and source; overdue; due within 30 days. */
    dashboard(orgId: string) {
      const day = today(clock);
      return dashboardCounts(db, { orgId, today: day, soon: addDays(day, 30) });
    },
  };
}

/** The roadmap service's type. */
export type RoadmapService = ReturnType<typeof createRoadmapService>;
