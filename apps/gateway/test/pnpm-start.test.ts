// `pnpm start`, the README's start command, must hand SIGTERM to the gateway: an orchestrator or a
// terminal signals pnpm, and a gateway left behind would keep listening as an orphan.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = new URL('../../../', import.meta.url).pathname;
let gatewayPid: number | undefined;
let pnpmPid: number | undefined;

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
afterAll(() => {
  // Only if the test failed half-way: never leave the gateway this test started behind.
  for (const pid of [pnpmPid, gatewayPid]) if (pid && isRunning(pid)) process.kill(pid, 'SIGKILL');
});

describe('pnpm start', () => {
  it('delivers SIGTERM to the gateway, which drains and exits with pnpm', { timeout: 180_000 }, async () => {
    const pnpm = spawn('pnpm', ['start'], {
      cwd: repositoryRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DRAIN_GRACE_MS: '0' },
    });
    pnpmPid = pnpm.pid;
    let output = '';
    pnpm.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    pnpm.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const pnpmExited = new Promise<number | null>((resolve) => pnpm.once('exit', (code) => resolve(code)));

    // turbo checks the build first (all cached when the tests run after `pnpm build`).
    const listening = await new Promise<boolean>((resolve) => {
      const check = () => {
        if (/"pid":(\d+).*gateway listening/.test(output)) resolve(true);
      };
      pnpm.stdout.on('data', check);
      pnpmExited.then(() => resolve(false));
    });
    expect(listening, `pnpm start printed:\n${output}`).toBe(true);
    gatewayPid = Number(/"pid":(\d+)/.exec(output)?.[1]);
    const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
    expect(gatewayPid).not.toBe(pnpm.pid);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);

    pnpm.kill('SIGTERM');
    expect(await pnpmExited).toBe(0);
    expect(output).toContain('drained: every request answered, exiting');
    expect(isRunning(gatewayPid)).toBe(false);
  });
});
