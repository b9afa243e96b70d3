import { requestLocale, type App, fileResponse, PDF, XLSX } from '../../platform/http.js';
import { GENDER_KEYS } from './analysis.js';
import { cascadePdf, cascadeXlsx } from './report.js';
import { OrgParams, Lang, CascadeOut, tags, type TrainingRouteDeps } from './training.schemas.js';

/** The training-of-trainers cascade: measures as JSON, PDF and XLSX. */
export function cascadeRoutes(app: App, deps: TrainingRouteDeps): void {
  const { training, access } = deps;
  app.get(
    '/api/v1/orgs/:orgId/training/cascade',
    {
      schema: {
        tags,
        summary:
          'The training-of-trainers cascade: reach, multiplier, activation, retention, gain by generation, tree',
        params: OrgParams,
        response: { 200: CascadeOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return { ...(await training.cascade(scope.orgId)), genders: [...GENDER_KEYS] };
    },
  );

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/v1/orgs/:orgId/training/cascade.${format}`,
      {
        schema: {
          tags,
          summary: format === 'pdf' ? 'PDF cascade report' : 'Cascade measures as an XLSX workbook',
          params: OrgParams,
          querystring: Lang,
          ...fileResponse(format === 'pdf' ? PDF : XLSX),
        },
      },
      async (request, reply) => {
        const { scope } = await access(request, 'read');
        const metrics = await training.cascade(scope.orgId);
        const locale = requestLocale(request);
        const orgName = await training.issuerName(scope.orgId);
        const body =
          format === 'pdf'
            ? await cascadePdf(metrics, { locale, orgName, generatedOn: deps.clock.now() })
            : await cascadeXlsx(metrics, { locale });
        return reply
          .type(
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', `attachment; filename="training-cascade.${format}"`)
          .send(body);
      },
    );
  }
}
