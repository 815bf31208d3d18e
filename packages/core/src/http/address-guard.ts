import { promises as dns } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';

/** A resolved address, as `dns.lookup(name, { all: true })` gives them. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Turns a host name into addresses; injectable so tests can resolve a vendor's name to anything. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/** Raised inside a connection attempt when a name resolved to an address we never connect to. */
export class AddressNotAllowedError extends Error {
  override readonly name = 'AddressNotAllowedError';
  readonly code = 'ADDRESS_NOT_ALLOWED';
}

// Loopback, private, link-local, unique-local, shared (CGNAT), multicast, reserved and every IPv6 form
// that embeds an IPv4 address (a mapped ::ffff:127.0.0.1 is loopback too). Two lists: a BlockList matches
// IPv4 addresses against IPv4-mapped IPv6 rules, which would refuse every IPv4 address.
const refusedV4 = new BlockList();
const refusedV6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refusedV4.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  refusedV6.addSubnet(network, prefix, 'ipv6');
}

/** Whether a tenant-derived origin may connect to this address: public unicast only. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !refusedV4.check(address, 'ipv4');
  if (family === 6) return !refusedV6.check(address, 'ipv6');
  return false;
}

/**
 * A `lookup` for `net.connect` that resolves with `resolver` and refuses the connection when any address
 * is not public: the check happens where the socket is opened, so a name that resolves differently
 * later (DNS rebinding) is checked again each time.
 */
export function guardedLookup(resolver: HostResolver): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolver(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }));
          return;
        }
        const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
        if (blocked) {
          callback(new AddressNotAllowedError(`${hostname} resolves to an address that is not public`));
          return;
        }
        if (options?.all) callback(null, addresses);
        else callback(null, addresses[0]?.address, addresses[0]?.family);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}

// One connection pool per resolver: requests keep reusing connections, tests get their own.
const agents = new WeakMap<HostResolver, Agent>();

/** The undici dispatcher used for tenant-derived origins: every new connection goes through the check. */
export function guardedDispatcher(resolver: HostResolver = systemResolver): Agent {
  let agent = agents.get(resolver);
  if (!agent) {
    agent = new Agent({ connect: { lookup: guardedLookup(resolver) } });
    agents.set(resolver, agent);
  }
  return agent;
}

/** Whether `error` (or something in its `cause` chain) is a refused address. */
export function isAddressNotAllowed(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth += 1) {
    if (current instanceof AddressNotAllowedError) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
