import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createGatewayLogger } from '../src/logger.js';

describe('the gateway logger', () => {
  it('writes to stdout synchronously: no line waits in a buffer or on the thread pool', () => {
    const logger = createGatewayLogger() as unknown as Record<symbol, { fd: number; sync: boolean }>;
    const stream = logger[pino.symbols.streamSym];
    expect(stream?.fd).toBe(1);
    expect(stream?.sync).toBe(true);
  });

  it('redacts credentials a log call passes by mistake', () => {
    const lines: string[] = [];
    const logger = createGatewayLogger({ level: 'info', destination: { write: (line) => lines.push(line) } });
    logger.info({ auth: { api_key: 'secret-key-123' }, headers: { authorization: 'Bearer t0k3n' } }, 'oops');
    expect(lines.join('')).not.toMatch(/secret-key-123|t0k3n/);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ auth: '[redacted]', msg: 'oops' });
  });
});
