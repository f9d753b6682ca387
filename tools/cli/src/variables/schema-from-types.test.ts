import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createProgram, variablesFromFile } from './schema-from-types';

function generate(source: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vars-'));
  const file = path.join(dir, 'variables.ts');
  fs.writeFileSync(file, `type Integer = number;\n${source}`);
  try {
    return variablesFromFile(file, createProgram([file]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('ClusterClass variables from TypeScript types', () => {
  test('GIVEN a documented interface WHEN generated THEN doc text, defaults, enums, formats and bounds become the schema', () => {
    // GIVEN
    const source = `
/** A level. */
export type Level = 'low' | 'high';
export interface Nested {
  /** Turns it on. @default true */
  readonly enabled?: boolean;
  /** The level. @default "low" */
  readonly level?: Level;
}
/** @clusterClassVariables */
export interface Vars {
  /**
   * Node network.
   * @default "10.8.0.0/20"
   * @format cidr
   */
  readonly nodeCIDR?: string;
  /** Pods per node. @default 110 @minimum 10 */
  readonly maxPods?: Integer;
  /** Servers. @default [] @example ["9.9.9.9"] */
  readonly dns?: readonly string[];
  /** Nested settings. @default {} */
  readonly nested?: Nested;
  /** Required name. */
  readonly name: string;
}`;
    // WHEN
    const [vars] = generate(source);
    // THEN
    expect(vars.interfaceName).toBe('Vars');
    expect(vars.definitions).toEqual([
      {
        name: 'nodeCIDR',
        required: false,
        schema: { type: 'string', description: 'Node network.', default: '10.8.0.0/20', format: 'cidr' },
      },
      {
        name: 'maxPods',
        required: false,
        schema: { type: 'integer', description: 'Pods per node.', default: 110, minimum: 10 },
      },
      {
        name: 'dns',
        required: false,
        schema: {
          type: 'array',
          items: { type: 'string' },
          description: 'Servers.',
          default: [],
          example: ['9.9.9.9'],
        },
      },
      {
        name: 'nested',
        required: false,
        schema: {
          type: 'object',
          properties: {
            enabled: { type: 'boolean', description: 'Turns it on.', default: true },
            level: { type: 'string', enum: ['low', 'high'], description: 'The level.', default: 'low' },
          },
          description: 'Nested settings.',
          default: {},
        },
      },
      { name: 'name', required: true, schema: { type: 'string', description: 'Required name.' } },
    ]);
  });

  test('GIVEN a member without a doc comment WHEN generated THEN the error names file, line and member', () => {
    expect(() =>
      generate('/** @clusterClassVariables */\nexport interface V {\n  readonly x?: string;\n}'),
    ).toThrow(/variables\.ts:4: x needs a doc comment: it becomes the variable's description\.$/);
  });

  test('GIVEN an optional member without @default WHEN generated THEN it is refused', () => {
    expect(() =>
      generate('/** @clusterClassVariables */\nexport interface V {\n  /** X. */\n  readonly x?: string;\n}'),
    ).toThrow(/variables\.ts:5: optional x needs a @default \(or @optional when unset is meaningful\)\.$/);
  });

  test('GIVEN a @default that is not JSON WHEN generated THEN the fix is suggested', () => {
    expect(() =>
      generate(
        '/** @clusterClassVariables */\nexport interface V {\n  /** X. @default low */\n  readonly x?: string;\n}',
      ),
    ).toThrow(/@default low is not JSON: write strings in double quotes, e\.g\. @default "baseline"\.$/);
  });

  test('GIVEN an unsupported type WHEN generated THEN the supported ones are listed', () => {
    expect(() =>
      generate('/** @clusterClassVariables */\nexport interface V {\n  /** X. */\n  readonly x: Date;\n}'),
    ).toThrow(/cannot resolve type Date/);
    expect(() =>
      generate(
        '/** @clusterClassVariables */\nexport interface V {\n  /** X. */\n  readonly x: string | number;\n}',
      ),
    ).toThrow(/union string \| number must be a union of string literals\.$/);
  });
});

describe('documented type aliases', () => {
  test('GIVEN an alias with a format WHEN used as list items THEN the items carry the format', () => {
    const [vars] = generate(`
/** An OpenStack ID. @format uuid4 */
export type Uuid4 = string;
/** @clusterClassVariables */
export interface V {
  /** Security group IDs. @default [] */
  readonly ids?: readonly Uuid4[];
}`);
    expect(vars.definitions[0].schema).toEqual({
      type: 'array',
      items: { type: 'string', format: 'uuid4', description: 'An OpenStack ID.' },
      description: 'Security group IDs.',
      default: [],
    });
  });
});

describe('CEL rules (x-kubernetes-validations)', () => {
  test('GIVEN @validation tags on an interface and a member WHEN generated THEN each becomes a rule where it was written, in order', () => {
    // GIVEN
    const source = `
/**
 * A claim or an expression.
 * @validation {"rule": "has(self.claim) != has(self.expression)", "message": "set either claim or expression"}
 */
export interface Mapping {
  /** The claim. @optional */
  readonly claim?: string;
  /** The expression. @optional */
  readonly expression?: string;
  /** The policy. @default "MatchAny" */
  readonly policy?: 'MatchAny';
}
/** @clusterClassVariables */
export interface V {
  /**
   * Mappings.
   * @default []
   * @maxItems 4
   * @validation {"rule": "self.all(a, self.exists_one(b, b.claim == a.claim))", "message": "claims must be unique"}
   * @validation {"rule": "self.size() > 0", "message": "at least one"}
   */
  readonly mappings?: readonly Mapping[];
}`;
    // WHEN
    const [vars] = generate(source);
    // THEN
    expect(vars.definitions[0].schema).toEqual({
      type: 'array',
      items: {
        type: 'object',
        properties: {
          claim: { type: 'string', description: 'The claim.' },
          expression: { type: 'string', description: 'The expression.' },
          policy: { type: 'string', enum: ['MatchAny'], description: 'The policy.', default: 'MatchAny' },
        },
        'x-kubernetes-validations': [
          { rule: 'has(self.claim) != has(self.expression)', message: 'set either claim or expression' },
        ],
      },
      description: 'Mappings.',
      default: [],
      maxItems: 4,
      'x-kubernetes-validations': [
        { rule: 'self.all(a, self.exists_one(b, b.claim == a.claim))', message: 'claims must be unique' },
        { rule: 'self.size() > 0', message: 'at least one' },
      ],
    });
  });

  test('GIVEN a @validation without a message WHEN generated THEN it is refused', () => {
    expect(() =>
      generate(
        '/** @clusterClassVariables */\nexport interface V {\n  /** X. @default [] @validation {"rule": "self.size() < 3"} */\n  readonly x?: readonly string[];\n}',
      ),
    ).toThrow(
      /variables\.ts:5: @validation \{"rule": "self\.size\(\) < 3"\} needs a CEL "rule" and a "message" naming the field and what it must be\.$/,
    );
  });
});
