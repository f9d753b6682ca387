import { parse } from 'yaml';
import { stableYaml } from './yaml';

describe('stableYaml', () => {
  test('GIVEN strings that YAML 1.1 reads as booleans, numbers or null WHEN serialised THEN they are quoted, so Go readers keep them strings', () => {
    // GIVEN
    const value = { a: 'yes', b: 'on', c: 'off', d: 'y', e: 'NO', f: '0755', g: '~', h: 'text', i: true };

    // WHEN
    const text = stableYaml(value);

    // THEN
    expect(text).toBe('a: "yes"\nb: "on"\nc: "off"\nd: "y"\ne: "NO"\nf: "0755"\ng: "~"\nh: text\ni: true\n');
    expect(parse(text, { version: '1.1' })).toEqual(value);
  });

  test('GIVEN an object WHEN serialised THEN apiVersion, kind and metadata lead and the other keys are sorted', () => {
    expect(stableYaml({ spec: { b: 1, a: 2 }, metadata: { name: 'x' }, kind: 'K', apiVersion: 'v1' })).toBe(
      'apiVersion: v1\nkind: K\nmetadata:\n  name: x\nspec:\n  a: 2\n  b: 1\n',
    );
  });
});
