// A throwaway PostgreSQL cluster for tests: our own database code runs against a real server, on a free
// loopback port, in a temporary directory removed afterwards. Needs Debian's `postgresql` package (.ci/run
// installs it). initdb refuses root, so as root the server runs as the `postgres` user the package made.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Seconds pg_ctl waits for the server to start or stop (a busy CI machine is slow). */
const PG_CTL_WAIT_SECONDS = '300';

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

type RunProgram = (program: string, args: string[]) => Promise<unknown>;

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

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * A freshly initialised, never started cluster kept in the temporary directory for copies: initdb once per
 * machine, not once per test file. Built under another name and renamed into place, so parallel test
 * files never see half of one.
 */
async function clusterTemplate(
  bin: string,
  pgProgram: RunProgram,
  ownedDirectory: (prefix: string) => string,
): Promise<string> {
  const version = bin.split('/').at(-2) ?? 'pg';
  const template = join(tmpdir(), `talkbridge-pg-template-${version}-${process.getuid?.() ?? 0}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const building = ownedDirectory('talkbridge-pg-building-');
  const data = join(building, 'data');
  await pgProgram('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  try {
    renameSync(data, template);
  } catch {
    // Another test file made one first: theirs is as good.
  }
  rmSync(building, { recursive: true, force: true });
  return template;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const owner = process.getuid?.() === 0 ? await postgresUser() : undefined;
  /** Runs a PostgreSQL program, as the `postgres` user when we are root. */
  const pgProgram: RunProgram = (program, args) =>
    owner
      ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args])
      : run(join(bin, program), args);
  /** A new directory the server's user owns, 0700 as PostgreSQL insists. */
  const ownedDirectory = (prefix: string) => {
    const made = mkdtempSync(join(tmpdir(), prefix));
    if (owner) chownSync(made, owner.uid, owner.gid);
    chmodSync(made, 0o700);
    return made;
  };

  const template = await clusterTemplate(bin, pgProgram, ownedDirectory);
  const directory = ownedDirectory('talkbridge-pg-');
  const data = join(directory, 'data');
  // `cp -a` keeps the owner and the mode.
  await run('cp', ['-a', template, data]);
  const port = await freePort();
  const options = `-p ${port} -k ${directory} -h 127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const logFile = join(directory, 'server.log');
  const start = async () => {
    await pgProgram('pg_ctl', [
      '-D',
      data,
      '-l',
      logFile,
      '-o',
      options,
      '-w',
      '-t',
      PG_CTL_WAIT_SECONDS,
      'start',
    ]);
  };
  const stop = async () => {
    await pgProgram('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', PG_CTL_WAIT_SECONDS, 'stop']);
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
