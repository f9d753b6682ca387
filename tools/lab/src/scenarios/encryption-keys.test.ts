import {
  addKey,
  keyOrder,
  promoteKey,
  retireOtherKeys,
  type EncryptionConfiguration,
  type EncryptionProvider,
} from './encryption-keys';

const key = (name: string) => ({ name, secret: `${name}-secret` });
const configWith = (...providers: EncryptionProvider[]): EncryptionConfiguration => ({
  apiVersion: 'apiserver.config.k8s.io/v1',
  kind: 'EncryptionConfiguration',
  resources: [{ resources: ['secrets'], providers }],
});

describe('encryption key rotation steps', () => {
  test('GIVEN a secretbox key WHEN a key is added, promoted, and the others retired THEN the order follows the four steps', () => {
    // GIVEN
    const start = configWith({ secretbox: { keys: [key('key1')] } }, { identity: {} });

    // WHEN
    const added = addKey(start, key('key2'));
    const promoted = promoteKey(added, 'key2');
    const retired = retireOtherKeys(promoted, 'key2');

    // THEN
    expect(keyOrder(added)).toEqual(['secretbox/key1', 'secretbox/key2']);
    expect(keyOrder(promoted)).toEqual(['secretbox/key2', 'secretbox/key1']);
    expect(retired).toEqual(configWith({ secretbox: { keys: [key('key2')] } }, { identity: {} }));
  });

  test('GIVEN a Cluster still on aescbc WHEN rotated THEN it ends on secretbox alone, identity last', () => {
    // GIVEN
    const start = configWith({ aescbc: { keys: [key('key1')] } }, { identity: {} });

    // WHEN
    const added = addKey(start, key('key2'));
    const promoted = promoteKey(added, 'key2');
    const retired = retireOtherKeys(promoted, 'key2');

    // THEN
    expect(added.resources[0]!.providers.map((p) => Object.keys(p)[0])).toEqual([
      'aescbc',
      'secretbox',
      'identity',
    ]);
    expect(keyOrder(promoted)).toEqual(['secretbox/key2', 'aescbc/key1']);
    expect(retired).toEqual(configWith({ secretbox: { keys: [key('key2')] } }, { identity: {} }));
  });

  test('GIVEN a key name already in use WHEN added THEN the step is refused naming it', () => {
    const start = configWith({ secretbox: { keys: [key('key1')] } }, { identity: {} });
    expect(() => addKey(start, key('key1'))).toThrow(
      'the EncryptionConfiguration already has a key named key1',
    );
  });

  test('GIVEN an unknown key WHEN promoted or kept THEN the step is refused naming it', () => {
    const start = configWith({ secretbox: { keys: [key('key1')] } }, { identity: {} });
    expect(() => promoteKey(start, 'key9')).toThrow('the EncryptionConfiguration has no key named key9');
    expect(() => retireOtherKeys(start, 'key9')).toThrow(
      'the EncryptionConfiguration has no key named key9 to keep',
    );
  });
});
