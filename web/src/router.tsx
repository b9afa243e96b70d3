import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
  useRouterState,
} from '@tanstack/react-router';
import { lazy, useEffect, useRef } from 'react';
import type { Me } from './api';
import { ComingPage, isComingModule } from './modules/coming';
import { DashboardPage, HomeRedirectMessage } from './modules/dashboard';
import { fetchMe, ME_KEY, preferredOrg, rememberOrg } from './session';
import { AppLayout, PageError, PublicLayout } from './ui/layout';

// Module screens load on first visit, so the first page stays small.
const identityModule = () => import('./modules/identity');
const assessmentsModule = () => import('./modules/assessments');
const roadmapModule = () => import('./modules/roadmap');
const trainingModule = () => import('./modules/training');
const networkModule = () => import('./modules/network');
const webwatchModule = () => import('./modules/webwatch');
const SignInPage = lazy(() => identityModule().then((m) => ({ default: m.SignInPage })));
const ForgotPasswordPage = lazy(() => identityModule().then((m) => ({ default: m.ForgotPasswordPage })));
const ResetPasswordPage = lazy(() => identityModule().then((m) => ({ default: m.ResetPasswordPage })));
const InvitationPage = lazy(() => identityModule().then((m) => ({ default: m.InvitationPage })));
const SettingsPage = lazy(() => identityModule().then((m) => ({ default: m.SettingsPage })));
const MembersPage = lazy(() => identityModule().then((m) => ({ default: m.MembersPage })));
const GrantsPage = lazy(() => identityModule().then((m) => ({ default: m.GrantsPage })));
const CalendarPage = lazy(() => import('./modules/elections').then((m) => ({ default: m.CalendarPage })));
const AuditPage = lazy(() => import('./modules/audit').then((m) => ({ default: m.AuditPage })));
const OrganisationsPage = lazy(() =>
  import('./modules/operator').then((m) => ({ default: m.OrganisationsPage })),
);
const OutboxPage = lazy(() => import('./modules/operator').then((m) => ({ default: m.OutboxPage })));
const PacksPage = lazy(() => import('./modules/operator').then((m) => ({ default: m.PacksPage })));
const AssessmentsPage = lazy(() => assessmentsModule().then((m) => ({ default: m.AssessmentsPage })));
const AssessmentPage = lazy(() => assessmentsModule().then((m) => ({ default: m.AssessmentPage })));
const ResultsPage = lazy(() => assessmentsModule().then((m) => ({ default: m.ResultsPage })));
const RoadmapPage = lazy(() => roadmapModule().then((m) => ({ default: m.RoadmapPage })));
const ItemPage = lazy(() => roadmapModule().then((m) => ({ default: m.ItemPage })));
const MissionsPage = lazy(() => roadmapModule().then((m) => ({ default: m.MissionsPage })));
const PlanPage = lazy(() => roadmapModule().then((m) => ({ default: m.PlanPage })));
const SessionsPage = lazy(() => trainingModule().then((m) => ({ default: m.SessionsPage })));
const SessionPage = lazy(() => trainingModule().then((m) => ({ default: m.SessionPage })));
const CertificatesPage = lazy(() => trainingModule().then((m) => ({ default: m.CertificatesPage })));
const CascadePage = lazy(() => trainingModule().then((m) => ({ default: m.CascadePage })));
const CoursesPage = lazy(() => trainingModule().then((m) => ({ default: m.CoursesPage })));
const CoursePage = lazy(() => trainingModule().then((m) => ({ default: m.CoursePage })));
const NetworksPage = lazy(() => networkModule().then((m) => ({ default: m.NetworksPage })));
const BoardPage = lazy(() => networkModule().then((m) => ({ default: m.BoardPage })));
const IncidentPage = lazy(() => networkModule().then((m) => ({ default: m.IncidentPage })));
const NewIncidentPage = lazy(() => networkModule().then((m) => ({ default: m.NewIncidentPage })));
const IndicatorPage = lazy(() => networkModule().then((m) => ({ default: m.IndicatorPage })));
const NewIndicatorPage = lazy(() => networkModule().then((m) => ({ default: m.NewIndicatorPage })));
const ConnectPage = lazy(() => networkModule().then((m) => ({ default: m.ConnectPage })));
const AdvisoriesPage = lazy(() => networkModule().then((m) => ({ default: m.AdvisoriesPage })));
const AdvisoryPage = lazy(() => networkModule().then((m) => ({ default: m.AdvisoryPage })));
const PlaybooksPage = lazy(() => networkModule().then((m) => ({ default: m.PlaybooksPage })));
const PlaybookPage = lazy(() => networkModule().then((m) => ({ default: m.PlaybookPage })));
const NewPlaybookPage = lazy(() => networkModule().then((m) => ({ default: m.NewPlaybookPage })));
const WebPropertiesPage = lazy(() => webwatchModule().then((m) => ({ default: m.PropertiesPage })));
const WebPropertyPage = lazy(() => webwatchModule().then((m) => ({ default: m.PropertyPage })));
const WebScanPage = lazy(() => webwatchModule().then((m) => ({ default: m.ScanPage })));

interface RouterContext {
  queryClient: QueryClient;
}

function loadMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.query({ staleTime: 60_000, queryKey: ME_KEY, queryFn: fetchMe });
}

/** Moves focus to the main region after navigation, so screen-reader users hear the new page. */
function FocusOnNavigate() {
  const path = useRouterState({ select: (s) => s.location.pathname });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [path]);
  return null;
}

const root = createRootRouteWithContext<RouterContext>()({
  component: () => (
    <>
      <FocusOnNavigate />
      <Outlet />
    </>
  ),
});

const publicLayout = createRoute({ getParentRoute: () => root, id: 'public', component: PublicLayout });
const signIn = createRoute({ getParentRoute: () => publicLayout, path: '/signin', component: SignInPage });
const forgot = createRoute({
  getParentRoute: () => publicLayout,
  path: '/forgot',
  component: ForgotPasswordPage,
});
const reset = createRoute({
  getParentRoute: () => publicLayout,
  path: '/reset/$token',
  component: function Reset() {
    return <ResetPasswordPage token={reset.useParams().token} />;
  },
});
const unlock = createRoute({
  getParentRoute: () => publicLayout,
  path: '/unlock/$token',
  component: function Unlock() {
    return <SignInPage unlock={unlock.useParams().token} />;
  },
});
const invite = createRoute({
  getParentRoute: () => publicLayout,
  path: '/invite/$token',
  component: function Invite() {
    return <InvitationPage token={invite.useParams().token} />;
  },
});

const app = createRoute({
  getParentRoute: () => root,
  id: 'app',
  beforeLoad: async ({ context }) => {
    const me = await loadMe(context.queryClient);
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router's redirect() is thrown by design
    if (!me) throw redirect({ to: '/signin' });
  },
  component: AppLayout,
});

const home = createRoute({
  getParentRoute: () => app,
  path: '/',
  beforeLoad: async ({ context }) => {
    const me = await loadMe(context.queryClient);
    const orgId = me ? preferredOrg(me) : undefined;
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- TanStack Router's redirect() is thrown by design
    if (orgId) throw redirect({ to: '/o/$orgId', params: { orgId } });
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- as above
    if (me?.isOperator) throw redirect({ to: '/operator/organisations' });
  },
  component: HomeRedirectMessage,
});

const org = createRoute({
  getParentRoute: () => app,
  path: '/o/$orgId',
  beforeLoad: ({ params }) => rememberOrg(params.orgId),
});
const dashboard = createRoute({
  getParentRoute: () => org,
  path: '/',
  component: function Dashboard() {
    return <DashboardPage orgId={dashboard.useParams().orgId} />;
  },
});
const elections = createRoute({
  getParentRoute: () => org,
  path: '/elections',
  component: function Elections() {
    return <CalendarPage orgId={elections.useParams().orgId} />;
  },
});
const members = createRoute({
  getParentRoute: () => org,
  path: '/members',
  component: function Members() {
    return <MembersPage orgId={members.useParams().orgId} />;
  },
});
const grants = createRoute({
  getParentRoute: () => org,
  path: '/grants',
  component: function Grants() {
    return <GrantsPage orgId={grants.useParams().orgId} />;
  },
});
const audit = createRoute({
  getParentRoute: () => org,
  path: '/audit',
  component: function Audit() {
    return <AuditPage orgId={audit.useParams().orgId} />;
  },
});
const assessments = createRoute({
  getParentRoute: () => org,
  path: '/assessments',
  component: function Assessments() {
    return <AssessmentsPage orgId={assessments.useParams().orgId} />;
  },
});

const assessment = createRoute({
  getParentRoute: () => org,
  path: '/assessments/$assessmentId',
  component: function Assessment() {
    const { orgId, assessmentId } = assessment.useParams();
    return <AssessmentPage key={assessmentId} orgId={orgId} assessmentId={assessmentId} />;
  },
});

const results = createRoute({
  getParentRoute: () => org,
  path: '/assessments/$assessmentId/results',
  component: function Results() {
    const { orgId, assessmentId } = results.useParams();
    return <ResultsPage key={assessmentId} orgId={orgId} assessmentId={assessmentId} />;
  },
});

const roadmap = createRoute({
  getParentRoute: () => org,
  path: '/roadmap',
  component: function Roadmap() {
    return <RoadmapPage orgId={roadmap.useParams().orgId} />;
  },
});

const missions = createRoute({
  getParentRoute: () => org,
  path: '/roadmap/missions',
  component: function Missions() {
    return <MissionsPage orgId={missions.useParams().orgId} />;
  },
});

const plan = createRoute({
  getParentRoute: () => org,
  path: '/roadmap/plan',
  component: function StrategicPlan() {
    return <PlanPage orgId={plan.useParams().orgId} />;
  },
});

const roadmapItem = createRoute({
  getParentRoute: () => org,
  path: '/roadmap/$itemId',
  component: function RoadmapItem() {
    const { orgId, itemId } = roadmapItem.useParams();
    return <ItemPage key={itemId} orgId={orgId} itemId={itemId} />;
  },
});

const training = createRoute({
  getParentRoute: () => org,
  path: '/training',
  component: function Training() {
    return <SessionsPage orgId={training.useParams().orgId} />;
  },
});
const trainingSession = createRoute({
  getParentRoute: () => org,
  path: '/training/sessions/$sessionId',
  component: function TrainingSession() {
    const { orgId, sessionId } = trainingSession.useParams();
    return <SessionPage key={sessionId} orgId={orgId} sessionId={sessionId} />;
  },
});
const trainingCertificates = createRoute({
  getParentRoute: () => org,
  path: '/training/certificates',
  component: function TrainingCertificates() {
    return <CertificatesPage orgId={trainingCertificates.useParams().orgId} />;
  },
});
const trainingCascade = createRoute({
  getParentRoute: () => org,
  path: '/training/cascade',
  component: function TrainingCascade() {
    return <CascadePage orgId={trainingCascade.useParams().orgId} />;
  },
});
const trainingCourses = createRoute({
  getParentRoute: () => org,
  path: '/training/courses',
  component: function TrainingCourses() {
    return <CoursesPage orgId={trainingCourses.useParams().orgId} />;
  },
});
const trainingCourse = createRoute({
  getParentRoute: () => org,
  path: '/training/courses/$courseId/$version',
  component: function TrainingCourse() {
    const { orgId, courseId, version } = trainingCourse.useParams();
    return <CoursePage key={`${courseId}@${version}`} orgId={orgId} courseId={courseId} version={version} />;
  },
});

const networks = createRoute({
  getParentRoute: () => org,
  path: '/network',
  component: function Networks() {
    return <NetworksPage orgId={networks.useParams().orgId} />;
  },
});

// A network's pages are the network's, not one organisation's: the server acts for the caller's member
// organisation, so links in alerts and e-mails work for every member.
const networkBoard = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId',
  component: function NetworkBoard() {
    const { networkId } = networkBoard.useParams();
    return <BoardPage key={networkId} networkId={networkId} />;
  },
});
const newIncident = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/incidents/new',
  component: function NewIncident() {
    return <NewIncidentPage networkId={newIncident.useParams().networkId} />;
  },
});
const networkIncident = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/incidents/$incidentId',
  component: function NetworkIncident() {
    const { networkId, incidentId } = networkIncident.useParams();
    return <IncidentPage key={incidentId} networkId={networkId} incidentId={incidentId} />;
  },
});
const newIndicator = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/indicators/new',
  component: function NewIndicator() {
    return <NewIndicatorPage networkId={newIndicator.useParams().networkId} />;
  },
});
const networkIndicator = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/indicators/$indicatorId',
  component: function NetworkIndicator() {
    const { networkId, indicatorId } = networkIndicator.useParams();
    return <IndicatorPage key={indicatorId} networkId={networkId} indicatorId={indicatorId} />;
  },
});
const networkConnect = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/connect',
  component: function NetworkConnect() {
    return <ConnectPage networkId={networkConnect.useParams().networkId} />;
  },
});
const networkAdvisories = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/advisories',
  component: function NetworkAdvisories() {
    return <AdvisoriesPage networkId={networkAdvisories.useParams().networkId} />;
  },
});
const networkAdvisory = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/advisories/$advisoryId',
  component: function NetworkAdvisory() {
    const { networkId, advisoryId } = networkAdvisory.useParams();
    return <AdvisoryPage key={advisoryId} networkId={networkId} advisoryId={advisoryId} />;
  },
});
const networkPlaybooks = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/playbooks',
  component: function NetworkPlaybooks() {
    return <PlaybooksPage networkId={networkPlaybooks.useParams().networkId} />;
  },
});
const newPlaybook = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/playbooks/new',
  component: function NewPlaybook() {
    return <NewPlaybookPage networkId={newPlaybook.useParams().networkId} />;
  },
});
const networkPlaybook = createRoute({
  getParentRoute: () => app,
  path: '/n/$networkId/playbooks/$playbookId',
  component: function NetworkPlaybook() {
    const { networkId, playbookId } = networkPlaybook.useParams();
    return <PlaybookPage key={playbookId} networkId={networkId} playbookId={playbookId} />;
  },
});

const webwatch = createRoute({
  getParentRoute: () => org,
  path: '/webwatch',
  component: function Webwatch() {
    return <WebPropertiesPage orgId={webwatch.useParams().orgId} />;
  },
});
const webProperty = createRoute({
  getParentRoute: () => org,
  path: '/webwatch/$propertyId',
  component: function WebProperty() {
    const { orgId, propertyId } = webProperty.useParams();
    return <WebPropertyPage key={propertyId} orgId={orgId} propertyId={propertyId} />;
  },
});
const webScan = createRoute({
  getParentRoute: () => org,
  path: '/webwatch/scans/$scanId',
  component: function WebScan() {
    const { orgId, scanId } = webScan.useParams();
    return <WebScanPage key={scanId} orgId={orgId} scanId={scanId} />;
  },
});

const coming = createRoute({
  getParentRoute: () => org,
  path: '/m/$module',
  component: function Coming() {
    const { module } = coming.useParams();
    return isComingModule(module) ? <ComingPage module={module} /> : null;
  },
});
const settings = createRoute({ getParentRoute: () => app, path: '/settings', component: SettingsPage });
const operatorOrgs = createRoute({
  getParentRoute: () => app,
  path: '/operator/organisations',
  component: OrganisationsPage,
});
const outbox = createRoute({ getParentRoute: () => app, path: '/operator/outbox', component: OutboxPage });
const packs = createRoute({ getParentRoute: () => app, path: '/operator/packs', component: PacksPage });

const routeTree = root.addChildren([
  publicLayout.addChildren([signIn, forgot, reset, unlock, invite]),
  app.addChildren([
    home,
    org.addChildren([
      dashboard,
      elections,
      assessments,
      assessment,
      results,
      roadmap,
      missions,
      plan,
      roadmapItem,
      training,
      trainingSession,
      trainingCertificates,
      trainingCascade,
      trainingCourses,
      webwatch,
      webProperty,
      webScan,
      trainingCourse,
      networks,
      members,
      grants,
      audit,
      coming,
    ]),
    networkBoard,
    newIncident,
    networkIncident,
    newIndicator,
    networkIndicator,
    networkConnect,
    networkAdvisories,
    networkAdvisory,
    networkPlaybooks,
    newPlaybook,
    networkPlaybook,
    settings,
    operatorOrgs,
    outbox,
    packs,
  ]),
]);

/** Creates the app's router. */
export function makeRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: false,
    defaultErrorComponent: PageError,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}
