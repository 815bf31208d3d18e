import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('runs identical work in flight once and gives every caller its result', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    let joined = 0;
    let release!: (value: string) => void;
    const work = () => {
      runs += 1;
      return new Promise<string>((resolve) => {
        release = resolve;
      });
    };
    const first = flights.run('k', work, () => joined++);
    const second = flights.run('k', work, () => joined++);
    const other = flights.run('other', async () => 'other');
    await Promise.resolve();
    release('answer');
    expect(await Promise.all([first, second, other])).toEqual(['answer', 'answer', 'other']);
    expect(runs).toBe(1);
    expect(joined).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('shares a failure, then runs afresh once it has settled', async () => {
    const flights = new SingleFlight();
    let runs = 0;
    const failing = () => {
      runs += 1;
      return Promise.reject(new Error('upstream down'));
    };
    const results = await Promise.allSettled([flights.run('k', failing), flights.run('k', failing)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(runs).toBe(1);
    await expect(flights.run('k', async () => 'fresh')).resolves.toBe('fresh');
  });

  it('contains a synchronous throw from the work as a rejection', async () => {
    const flights = new SingleFlight();
    await expect(
      flights.run('k', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(flights.size).toBe(0);
  });
});
