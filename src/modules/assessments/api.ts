import type { Clock } from '../../platform/clock.js';
import type { App } from '../../platform/http.js';
import type { RequireAccess } from '../identity/index.js';
import { packRoutes } from './packs.api.js';
import { recordRoutes } from './records.api.js';
import { resultsRoutes } from './results.api.js';
import type { AssessmentsService } from './service.js';

/** The organisation gate for the assessments area. */
export type Access = (
  request: Parameters<RequireAccess>[0],
  orgId: string,
  level: 'read' | 'write',
) => ReturnType<RequireAccess>;

/** Routes for content packs, assessments, answers, results, roadmap generation and the peer benchmark. */
export function assessmentRoutes(
  app: App,
  deps: { assessments: AssessmentsService; requireAccess: RequireAccess; clock: Clock },
): void {
  const { assessments, requireAccess, clock } = deps;
  const access: Access = (request, orgId, level) =>
    requireAccess(request, { orgId, area: 'assessments', level });
  packRoutes(app, { assessments });
  recordRoutes(app, { assessments, access, clock });
  resultsRoutes(app, { assessments, access, requireAccess, clock });
}
