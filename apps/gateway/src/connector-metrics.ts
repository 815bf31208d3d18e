import { postgresPoolStats } from '@talkbridge/connector-postgres';
import type { GatewayMetrics } from './metrics.js';

const POSTGRES_POOL_METRIC = 'talkbridge_postgres_pool_connections';

/**
 * Gauges read from bundled connectors at scrape time: each PostgreSQL integration's pool (connections in
 * use, idle, and requests waiting for one). Registered once per metrics registry.
 */
export function registerConnectorGauges(metrics: GatewayMetrics): void {
  if (metrics.registry.getSingleMetric(POSTGRES_POOL_METRIC)) return;
  metrics.addGauge({
    name: POSTGRES_POOL_METRIC,
    help: 'Connections of each PostgreSQL integration pool, by state (total, idle, waiting requests)',
    labelNames: ['integration', 'state'],
    collect: () =>
      Object.entries(postgresPoolStats()).flatMap(([integration, pool]) =>
        (['total', 'idle', 'waiting'] as const).map((state) => ({
          labels: { integration, state },
          value: pool[state],
        })),
      ),
  });
}
