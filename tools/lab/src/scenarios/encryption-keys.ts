// The steps of an encryption key rotation as changes to an EncryptionConfiguration, with no I/O: the lab's
// rotation scenario applies them, and docs/encryption-at-rest.md describes the same steps for operators.
import { ENCRYPTION_PROVIDER } from '@cluster-stacks/core';
import { LabError } from '../util/errors';

export interface EncryptionKey {
  readonly name: string;
  readonly secret: string;
}

/** One entry of a resource's `providers` list: `{identity: {}}`, `{secretbox: {keys}}`, `{aescbc: {keys}}`… */
export type EncryptionProvider = Readonly<Record<string, { readonly keys?: readonly EncryptionKey[] }>>;

export interface EncryptionConfiguration {
  readonly apiVersion: string;
  readonly kind: 'EncryptionConfiguration';
  readonly resources: readonly {
    readonly resources: readonly string[];
    readonly providers: readonly EncryptionProvider[];
  }[];
}

const kindOf = (p: EncryptionProvider) => Object.keys(p)[0]!;
const keysOf = (p: EncryptionProvider) => p[kindOf(p)]!.keys ?? [];

/** The one resource entry the profile writes, for Secrets. */
function secretsEntry(config: EncryptionConfiguration) {
  const entry = config.resources.find((r) => r.resources.includes('secrets'));
  if (entry === undefined) throw new LabError('the EncryptionConfiguration has no entry for secrets');
  return entry;
}

function withProviders(
  config: EncryptionConfiguration,
  providers: readonly EncryptionProvider[],
): EncryptionConfiguration {
  const entry = secretsEntry(config);
  return {
    ...config,
    resources: config.resources.map((r) => (r === entry ? { ...r, providers } : r)),
  };
}

/** The names of the keys in the order the API server tries them, with their provider: `secretbox/key1`. */
export function keyOrder(config: EncryptionConfiguration): string[] {
  return secretsEntry(config).providers.flatMap((p) => keysOf(p).map((k) => `${kindOf(p)}/${k.name}`));
}

/**
 * Step 1: every API server must be able to read with the new key before any writes with it. The key goes
 * second in the profile's provider, or, on a Cluster still on another provider (aescbc from earlier
 * versions), into a new provider of the profile's kind right after the first.
 */
export function addKey(config: EncryptionConfiguration, key: EncryptionKey): EncryptionConfiguration {
  const providers = secretsEntry(config).providers;
  if (keyOrder(config).some((k) => k.endsWith(`/${key.name}`)))
    throw new LabError(`the EncryptionConfiguration already has a key named ${key.name}`);
  const first = providers[0]!;
  if (kindOf(first) === ENCRYPTION_PROVIDER) {
    const [current, ...older] = keysOf(first);
    const keys = [current!, key, ...older];
    return withProviders(config, [{ [ENCRYPTION_PROVIDER]: { keys } }, ...providers.slice(1)]);
  }
  return withProviders(config, [first, { [ENCRYPTION_PROVIDER]: { keys: [key] } }, ...providers.slice(1)]);
}

/** Step 2: the new key writes. Its provider goes first, and the key first within it. */
export function promoteKey(config: EncryptionConfiguration, name: string): EncryptionConfiguration {
  const providers = secretsEntry(config).providers;
  const holder = providers.find((p) => keysOf(p).some((k) => k.name === name));
  if (holder === undefined) throw new LabError(`the EncryptionConfiguration has no key named ${name}`);
  const keys = [...keysOf(holder)].sort((a, b) => Number(b.name === name) - Number(a.name === name));
  return withProviders(config, [{ [kindOf(holder)]: { keys } }, ...providers.filter((p) => p !== holder)]);
}

/**
 * Step 4, after every Secret was rewritten with the new key: the other keys go, and providers left without a
 * key with them. `identity` stays last, so objects written before encryption was on still read.
 */
export function retireOtherKeys(config: EncryptionConfiguration, name: string): EncryptionConfiguration {
  const kept = secretsEntry(config).providers.flatMap((p): EncryptionProvider[] => {
    if (kindOf(p) === 'identity') return [p];
    const keys = keysOf(p).filter((k) => k.name === name);
    return keys.length === 0 ? [] : [{ [kindOf(p)]: { keys } }];
  });
  if (kept.length === 0 || kindOf(kept[0]!) === 'identity')
    throw new LabError(`the EncryptionConfiguration has no key named ${name} to keep`);
  return withProviders(config, kept);
}
