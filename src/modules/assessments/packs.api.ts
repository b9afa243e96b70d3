import { z } from 'zod';
import { ProblemError, unwrap } from '../../platform/errors.js';
import { type App } from '../../platform/http.js';
import { requireUser } from '../identity/index.js';

import { Pack } from './pack.js';

import type { AssessmentsService } from './service.js';

import { PackParams, tags, PackListing } from './assessments.schemas.js';

/** Content packs: the catalogue, one version whole, and an operator's new pack. */
export function packRoutes(app: App, deps: { assessments: AssessmentsService }): void {
  const { assessments } = deps;
  app.get(
    '/api/v1/assessment-packs',
    {
      schema: {
        tags,
        summary: 'Content packs available for assessments',
        response: { 200: z.array(PackListing) },
      },
    },
    async (request) => {
      requireUser(request);
      return assessments.packs();
    },
  );

  app.get(
    '/api/v1/assessment-packs/:packId/:version',
    {
      schema: {
        tags,
        summary: 'One content pack version: domains, controls, scale, tier targets',
        params: PackParams,
        response: { 200: Pack },
      },
    },
    async (request) => {
      requireUser(request);
      return unwrap(await assessments.pack(request.params.packId, request.params.version));
    },
  );

  app.post(
    '/api/v1/assessment-packs',
    {
      schema: {
        tags,
        summary: 'Import a content pack (operators); a stored version is never replaced',
        body: z.record(z.string(), z.unknown()),
        response: { 201: PackListing },
      },
    },
    async (request, reply) => {
      const principal = requireUser(request);
      if (!principal.isOperator) throw new ProblemError({ type: 'forbidden', id: 'operator_only' });
      const actor = { userId: principal.userId, label: principal.email, requestId: request.id };
      return reply.status(201).send(unwrap(await assessments.importPack({ actor, content: request.body })));
    },
  );
}
