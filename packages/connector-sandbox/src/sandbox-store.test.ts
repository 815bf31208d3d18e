import { describe, expect, it } from 'vitest';
import { createSandboxSeed } from './sandbox-seed.js';
import { MAX_CREATED_ITEMS, nextSandboxId, storeCreated } from './sandbox-store.js';

const interaction = (id: string) => ({
  id,
  contactId: '1',
  type: 'case' as const,
  subject: `created ${id}`,
  date: '2026-01-15T10:00:00Z',
  priority: 'normal' as const,
  status: 'open' as const,
});

describe('the sandbox store', () => {
  it(`keeps at most ${MAX_CREATED_ITEMS} created items, dropping the oldest, and never a seeded one`, () => {
    const data = createSandboxSeed(new Date('2026-01-15T10:00:00Z'));
    const seeded = data.interactions.length;
    const ids: string[] = [];
    for (let count = 0; count < MAX_CREATED_ITEMS + 25; count += 1) {
      const id = nextSandboxId(data);
      ids.push(id);
      storeCreated(data, 'interactions', interaction(id));
    }
    expect(data.interactions).toHaveLength(seeded + MAX_CREATED_ITEMS);
    const kept = new Set(data.interactions.map((item) => item.id));
    expect(ids.slice(0, 25).some((id) => kept.has(id))).toBe(false);
    expect(ids.slice(25).every((id) => kept.has(id))).toBe(true);
    expect(data.interactions.slice(0, seeded)).toEqual(
      createSandboxSeed(new Date('2026-01-15T10:00:00Z')).interactions,
    );
  });

  it('issues ids above every existing one that never overflow, even after a huge id in a data file', () => {
    const data = createSandboxSeed(new Date('2026-01-15T10:00:00Z'));
    data.contacts.push({ ...(data.contacts[0] as (typeof data.contacts)[number]), id: '9007199254740993' });
    const first = nextSandboxId(data);
    const second = nextSandboxId(data);
    expect(first).toBe('9007199254740994');
    expect(second).toBe('9007199254740995');
  });
});
