import type { Clock } from '../../platform/clock.js';
import type { App } from '../../platform/http.js';
import type { RequireAccess } from '../identity/index.js';
import { cascadeRoutes } from './cascade.api.js';
import { certificateRoutes } from './certificates.api.js';
import { courseRoutes } from './courses.api.js';
import type { CredentialsService } from './credentials.service.js';
import { sessionRoutes } from './sessions.api.js';
import type { TrainingService } from './training.service.js';

export type { CascadeResponse, SessionResponse } from './training.schemas.js';

/**
 * Routes for trainers and coordinators: courses, sessions, rosters, check-in, certificates, the cascade. Every
 * route passes the training access gate of its organisation.
 */
export function trainingRoutes(
  app: App,
  deps: {
    training: TrainingService;
    credentials: CredentialsService;
    requireAccess: RequireAccess;
    clock: Clock;
  },
): void {
  const access = (request: { params: { orgId: string } }, level: 'read' | 'write') =>
    deps.requireAccess(request as Parameters<RequireAccess>[0], {
      orgId: request.params.orgId,
      area: 'training',
      level,
    });
  const shared = { ...deps, access };
  courseRoutes(app, shared);
  sessionRoutes(app, shared);
  certificateRoutes(app, shared);
  cascadeRoutes(app, shared);
}
