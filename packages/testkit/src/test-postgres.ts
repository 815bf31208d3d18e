// A throwaway PostgreSQL cluster for tests: our own database code runs against a real server, on a free
// loopback port, in a temporary directory removed afterwards. Needs Debian's `postgresql` package (.ci/run
// installs it). initdb refuses root, so as root the server runs as the `postgres` user the package made.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` */
  url: string;
  port: number;
  /** Stops the server (fast shutdown: open connections are cut), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** Stops the server and removes its directory. */
  dispose(): Promise<void>;
}

/** The directory of the newest installed PostgreSQL's programs. */
function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (!newest) {
    throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does it)');
  }
  return join(root, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const directory = mkdtempSync(join(tmpdir(), 'talkbridge-pg-'));
  const data = join(directory, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(directory, Number(stdout.trim()), Number(group.trim()));
    chmodSync(directory, 0o700);
  }
  /** Runs a PostgreSQL program, as the `postgres` user when we are root. */
  const pgProgram = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args])
      : run(join(bin, program), args);

  await pgProgram('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -k ${directory} -h 127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => {
    await pgProgram('pg_ctl', [
      '-D',
      data,
      '-l',
      join(directory, 'server.log'),
      '-o',
      options,
      '-w',
      'start',
    ]);
  };
  const stop = async () => {
    await pgProgram('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      await stop();
      running = false;
    },
    start: async () => {
      await start();
      running = true;
    },
    dispose: async () => {
      if (running) await stop().catch(() => {});
      running = false;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
