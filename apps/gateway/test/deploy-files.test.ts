// The deployment files (Dockerfile, docker-compose.yml, deploy/) cannot be run on the machines this project
// is developed on (no Docker, no cluster): this test holds them to the gateway's real routes, ports,
// defaults and metrics instead.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { defaultDrainLimitMs } from '../src/drain.js';
import { DEFAULT_PORT, readGatewayEnv } from '../src/env.js';
import {
  checkInboundAuthBeforeStart,
  loadGatewayConfigFile,
  resolveGatewayConfig,
  withEnvironmentTokens,
} from '../src/gateway-config.js';
import { GatewayMetrics } from '../src/metrics.js';
import { startTestGateway } from './start-test-gateway.js';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const gateway = await startTestGateway();

/** The gateway answers this GET path with 200: the path is one of its real routes. */
const answers200 = async (path: string) => (await gateway.get(path)).status === 200;

// biome-ignore lint/suspicious/noExplicitAny: parsed YAML, checked field by field below.
type Manifest = any;
const manifests: Manifest[] = ['configmap', 'deployment', 'service', 'pod-disruption-budget'].flatMap(
  (name) => parseAllDocuments(read(`deploy/kubernetes/${name}.yaml`)).map((document) => document.toJS()),
);
const byKind = (kind: string) => manifests.find((manifest) => manifest.kind === kind);

describe('Kubernetes manifests', () => {
  const deployment = byKind('Deployment');
  const container = deployment.spec.template.spec.containers[0];
  const envOf = Object.fromEntries(
    container.env.map((variable: { name: string; value: string }) => [variable.name, variable.value]),
  );
  const portNamed = (name: string) =>
    container.ports.find((port: { name: string }) => port.name === name)?.containerPort;

  it('sets an environment the gateway accepts, listening on the container port', () => {
    const env = readGatewayEnv(envOf);
    expect(portNamed('http')).toBe(env.port);
    expect(portNamed('metrics')).toBe(env.metricsPort);
    expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(env.metricsPort));
  });

  it('probes the real liveness and readiness routes on the gateway port', async () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(await answers200(container.livenessProbe.httpGet.path)).toBe(true);
    expect(await answers200(container.readinessProbe.httpGet.path)).toBe(true);
    expect(deployment.spec.template.metadata.annotations['prometheus.io/path']).toBe('/metrics');
    expect(await answers200('/metrics')).toBe(true);
  });

  it('gives a pod longer to stop than the drain limit of its own config', () => {
    const configMap = byKind('ConfigMap');
    const mountedAt = container.volumeMounts.find(
      (mount: { name: string }) => mount.name === 'config',
    ).mountPath;
    expect(envOf.TALKBRIDGE_CONFIG).toBe(`${mountedAt}/gateway.json`);
    const config = resolveGatewayConfig(JSON.parse(configMap.data['gateway.json']), bundledConnectors);
    const env = readGatewayEnv(envOf);
    const drainLimitMs = env.drainLimitMs ?? defaultDrainLimitMs(config, env.drainGraceMs);
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(drainLimitMs);
  });

  it('takes the inbound tokens from a Secret, without which its config would not start', () => {
    const config = resolveGatewayConfig(
      JSON.parse(byKind('ConfigMap').data['gateway.json']),
      bundledConnectors,
    );
    expect(() => checkInboundAuthBeforeStart(config, 'the ConfigMap')).toThrow(/no inbound token/);
    const tokens = container.env.find(
      (variable: { name: string }) => variable.name === 'TALKBRIDGE_INBOUND_TOKENS',
    );
    expect(tokens.valueFrom.secretKeyRef).toMatchObject({
      name: expect.any(String),
      key: expect.any(String),
    });
    const withTokens = withEnvironmentTokens(config, {
      TALKBRIDGE_INBOUND_TOKENS: 'a-token-from-the-secret-0123',
    });
    expect(checkInboundAuthBeforeStart(withTokens, 'the ConfigMap').open).toEqual([]);
  });

  it('runs as a non-root user, with a Service and a PodDisruptionBudget that select its pods', () => {
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    const service = byKind('Service');
    expect(service.spec.selector).toEqual(labels);
    for (const port of service.spec.ports) expect(portNamed(port.targetPort)).toBeDefined();
    const budget = byKind('PodDisruptionBudget');
    expect(budget.spec.selector.matchLabels).toEqual(labels);
    expect(budget.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
  });
});

describe('docker compose', () => {
  const compose = parse(read('docker-compose.yml'));
  const service = compose.services.gateway;

  it('runs two gateway replicas with the example config behind one port', () => {
    expect(service.deploy.replicas).toBe(2);
    const env = readGatewayEnv(service.environment);
    expect(service.expose).toEqual([String(env.port)]);
    const [source, target] = service.volumes[0].split(':');
    expect(target).toBe(env.configPath);
    const config = loadGatewayConfigFile(new URL(source, root).pathname, bundledConnectors);
    expect(config.integrations.size).toBeGreaterThan(0);
    expect(Number.parseInt(service.stop_grace_period, 10) * 1000).toBeGreaterThan(
      defaultDrainLimitMs(config, env.drainGraceMs),
    );
    const nginx = read(compose.services.proxy.volumes[0].split(':')[0].replace(/^\.\//, ''));
    expect(nginx).toContain(`server gateway:${env.port}`);
    expect(compose.services.proxy.ports).toEqual([`${env.port}:8080`]);
    expect(nginx).toContain('listen 8080;');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\s*\\\n\s*/g, ' ')
    .split('\n')
    .filter((line) => /^[A-Z]+ /.test(line));

  it('builds with the same steps as CI', () => {
    const ciSteps = read('.ci/run')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^(npm i -g|pnpm install|pnpm build)/.test(line));
    expect(ciSteps).toHaveLength(3);
    for (const step of ciSteps) expect(instructions).toContain(`RUN ${step}`);
    expect(instructions.filter((line) => line.startsWith('FROM ')).length).toBeGreaterThanOrEqual(2);
    expect(instructions).toContain('RUN pnpm --filter @talkbridge/gateway deploy --prod /out');
  });

  it('runs node itself as a non-root user on the default port, with a health check on /healthz', async () => {
    expect(instructions).toContain('USER node');
    expect(instructions).toContain(`EXPOSE ${DEFAULT_PORT}`);
    expect(instructions).toContain(`ENV NODE_ENV=production PORT=${DEFAULT_PORT} HOST=0.0.0.0`);
    expect(instructions.at(-1)).toBe('CMD ["node", "dist/cli.js"]');
    const healthcheck = instructions.find((line) => line.startsWith('HEALTHCHECK'));
    expect(healthcheck).toContain('/healthz');
    expect(await answers200('/healthz')).toBe(true);
  });

  it('keeps what the build stage makes itself out of the context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '**/dist', '.git']) expect(ignored).toContain(entry);
  });
});

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(read('deploy/grafana/talkbridge-gateway.json'));
  const expressions: string[] = dashboard.panels.flatMap(
    (panel: { targets?: { expr: string }[] }) => panel.targets?.map((target) => target.expr) ?? [],
  );

  it('queries only metrics the gateway exposes, with labels they carry', () => {
    const exposed = new Set(new GatewayMetrics().metricNames());
    const histogramSeries = /_(bucket|sum|count)$/;
    expect(expressions.length).toBeGreaterThan(8);
    for (const expression of expressions) {
      const names = expression.match(/\b(talkbridge|process|nodejs)_[a-z0-9_]+\b/g) ?? [];
      expect(names.length, expression).toBeGreaterThan(0);
      for (const name of names) {
        const metric = exposed.has(name) ? name : name.replace(histogramSeries, '');
        expect(exposed.has(metric), `${name} in ${expression}`).toBe(true);
      }
    }
    for (const wanted of [
      'talkbridge_http_requests_total',
      'talkbridge_http_request_duration_seconds_bucket',
      'talkbridge_http_requests_in_flight',
      'talkbridge_upstream_call_duration_seconds_bucket',
      'talkbridge_upstream_rate_limited_total',
    ])
      expect(
        expressions.some((expression) => expression.includes(wanted)),
        wanted,
      ).toBe(true);
  });
});
