import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { requireNetworkAccess } from '../identity/index.js';
import { AudienceFields } from './audience.js';
import { IncidentFields } from './incident.js';
import { ElectionProcess, IncidentCategory, IncidentStatus, Severity } from './model.js';
import type { IncidentsService } from './incidents.service.js';
import { ListQuery, MarkingOut, member, NetworkParams, stixIdOf } from './network.schemas.js';

const IncidentParams = NetworkParams.extend({ incidentId: stixIdOf('incident') });
const Body = z.strictObject({ ...IncidentFields.shape, ...AudienceFields.shape });
const IncidentOut = z.object({
  id: z.string(),
  marking: MarkingOut,
  source: z.string(),
  title: z.string(),
  description: z.string(),
  category: IncidentCategory,
  severity: Severity,
  status: IncidentStatus,
  processes: z.array(ElectionProcess).readonly(),
  phase: z.string().nullable(),
  detectedAt: z.string().nullable(),
  affectedSystems: z.array(z.string()).readonly(),
  actionsTaken: z.string(),
  lessons: z.string(),
  timeline: z.array(z.object({ at: z.string(), text: z.string() })).readonly(),
  lang: z.string().nullable(),
  created: z.string(),
  modified: z.string(),
});
const count = z.number().int();
const SituationOut = z.object({
  members: z
    .array(
      z.object({
        orgId: z.string(),
        orgName: z.string(),
        country: z.string(),
        role: z.enum(['coordinator', 'member']),
        pollingDay: z.string().nullable(),
        daysToPolling: z.number().int().nullable(),
      }),
    )
    .readonly(),
  open: z.object({
    total: count,
    bySeverity: z.record(Severity, count),
    byProcess: z.record(ElectionProcess, count),
  }),
  byMonth: z
    .array(
      z.object({ month: z.string(), total: count, byCategory: z.partialRecord(IncidentCategory, count) }),
    )
    .readonly(),
  byMember: z.array(z.object({ orgId: z.string(), incidents: count })).readonly(),
  medianHoursToShare: z.number().nullable(),
  incidents: count,
  latestSightings: z
    .array(
      z.object({
        id: z.string(),
        marking: MarkingOut,
        indicatorId: z.string(),
        indicatorName: z.string(),
        sightedBy: z.string().nullable(),
        count,
        firstSeen: z.string().nullable(),
        lastSeen: z.string().nullable(),
        where: z.string(),
        created: z.string(),
      }),
    )
    .readonly(),
});
const tags = ['network'];

/** Routes for the incidents members share in a network. */
export function incidentRoutes(app: App, deps: { incidents: IncidentsService }): void {
  const { incidents } = deps;

  app.get(
    '/api/v1/networks/:networkId/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents the organisation may see under their TLP marking, latest change first',
        params: NetworkParams,
        querystring: ListQuery,
        response: { 200: z.object({ incidents: z.array(IncidentOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return { incidents: await incidents.list({ caller, filter: request.query }) };
    },
  );

  app.get(
    '/api/v1/networks/:networkId/situation',
    {
      schema: {
        tags,
        summary:
          'The situation board: members and days to polling day, open incidents by severity and process, incidents by month, category and member, median time to share',
        params: NetworkParams,
        response: { 200: SituationOut },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return unwrap(await incidents.situation(caller));
    },
  );

  app.post(
    '/api/v1/networks/:networkId/incidents',
    {
      schema: {
        tags,
        summary: 'Share an incident with the network under a TLP marking',
        params: NetworkParams,
        body: Body,
        response: { 201: IncidentOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return reply.status(201).send(unwrap(await incidents.report({ caller, fields: request.body })));
    },
  );

  app.get(
    '/api/v1/networks/:networkId/incidents/:incidentId',
    {
      schema: { tags, summary: 'One incident', params: IncidentParams, response: { 200: IncidentOut } },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return unwrap(await incidents.get({ caller, incidentId: request.params.incidentId }));
    },
  );

  app.post(
    '/api/v1/networks/:networkId/incidents/:incidentId/roadmap',
    {
      schema: {
        tags,
        summary: 'Send the incident’s lessons to your organisation’s roadmap, linked to the incident',
        params: IncidentParams,
        response: { 201: z.object({ itemId: z.string() }) },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      const sent = await incidents.sendLessonsToRoadmap({
        caller,
        incidentId: request.params.incidentId,
        locale: caller.principal.locale,
      });
      return reply.status(201).send(unwrap(sent));
    },
  );

  app.put(
    '/api/v1/networks/:networkId/incidents/:incidentId',
    {
      schema: {
        tags,
        summary: 'Update an incident your organisation shared (a new STIX version)',
        params: IncidentParams,
        body: Body,
        response: { 200: IncidentOut },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return unwrap(
        await incidents.update({ caller, incidentId: request.params.incidentId, fields: request.body }),
      );
    },
  );
}
