/**
 * Who is acting, as the audit trail records it: a signed-in user (possibly acting for another organisation
 * under an access grant), an API token, or the system itself (CLI, jobs, seeding).
 */
export interface Actor {
  readonly userId: string | null;
  /** Human-readable name kept in the trail even if the user is later deleted (e-mail, "cli", "system"). */
  readonly label: string;
  readonly requestId?: string | undefined;
  readonly viaGrantId?: string | undefined;
}

/** An actor for work the deployment itself does (CLI, jobs, demo data). */
export function systemActor(label: 'cli' | 'system' | 'seed'): Actor {
  return { userId: null, label };
}
