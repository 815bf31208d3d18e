import { describe, expect, it } from 'vitest';
import type { InteractionPriority, InteractionStatus } from '../contract/interaction-retrieval.js';
import { createValueMapper, mappingSettingsShape } from './value-mapper.js';

function capture() {
  const warnings: Record<string, unknown>[] = [];
  const ignore = () => {};
  return {
    warnings,
    log: {
      debug: ignore,
      info: ignore,
      error: ignore,
      warn: (fields: Record<string, unknown>) => warnings.push(fields),
    },
  };
}

describe('createValueMapper', () => {
  const defaults: Record<string, InteractionStatus> = { '2': 'open', '3': 'pending', Solved: 'solved' };

  it('maps by the default table, case-insensitively, numbers as text', () => {
    const { log } = capture();
    const map = createValueMapper({ name: 't.status', defaults, fallback: 'open', log });
    expect(map(2)).toBe('open');
    expect(map('3')).toBe('pending');
    expect(map('SOLVED')).toBe('solved');
  });

  it('lets operator overrides win over the defaults and add custom values', () => {
    const { log } = capture();
    const map = createValueMapper({
      name: 't.status',
      defaults,
      overrides: { '3': 'open', 'On hold': 'pending' },
      fallback: 'open',
      log,
    });
    expect(map(3)).toBe('open');
    expect(map('on hold')).toBe('pending');
  });

  it('maps unknown values to the fallback and logs each once', () => {
    const { log, warnings } = capture();
    const map = createValueMapper({ name: 'unique-table.status', defaults, fallback: 'open', log });
    expect(map('Waiting on vendor')).toBe('open');
    expect(map('Waiting on vendor')).toBe('open');
    expect(map(42)).toBe('open');
    expect(warnings).toEqual([
      expect.objectContaining({
        table: 'unique-table.status',
        value: 'Waiting on vendor',
        mapped_to: 'open',
      }),
      expect.objectContaining({ value: '42' }),
    ]);
  });

  it('maps missing values to `missing` without a warning', () => {
    const { log, warnings } = capture();
    const map = createValueMapper<InteractionPriority>({
      name: 't.priority',
      defaults: { high: 'high' },
      fallback: 'normal',
      missing: 'none',
      log,
    });
    expect(map(null)).toBe('none');
    expect(map(undefined)).toBe('none');
    expect(warnings).toEqual([]);
  });

  it('validates operator maps: only Talkdesk values', () => {
    expect(mappingSettingsShape.statusMap.safeParse({ x: 'open' }).success).toBe(true);
    expect(mappingSettingsShape.statusMap.safeParse({ x: 'waiting' }).success).toBe(false);
    expect(mappingSettingsShape.priorityMap.safeParse({ x: 'critical' }).success).toBe(false);
  });
});
