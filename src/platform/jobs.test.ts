import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServices } from '../test/db.js';
import { startJobs, type Jobs } from './jobs.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let jobs: Jobs;
beforeAll(async () => {
  services = await freshServices();
  jobs = await startJobs({ url: services.url, log: () => {} });
});
afterAll(async () => {
  await jobs.stop();
  await services.close();
});

describe('jobs', () => {
  it('registers a scheduled job and runs it when it is due', async () => {
    let runs = 0;
    await jobs.every('test-every', '0 0 1 1 *', () => {
      runs += 1;
      return Promise.resolve();
    });
    const schedules = await jobs.boss.getSchedules();
    expect(schedules.map((s) => s.name)).toContain('test-every');
    await jobs.boss.send('test-every', {});
    await expect.poll(() => runs, { timeout: 10_000 }).toBe(1);
  });
});
