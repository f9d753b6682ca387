import * as ts from 'typescript';
import type { VariableDefinition, VariableSchema } from '@cluster-stacks/core';

/** Tag that marks an interface whose members are ClusterClass variables. */
export const VARIABLES_TAG = 'clusterClassVariables';

type MutableSchema = { -readonly [K in keyof VariableSchema]: VariableSchema[K] };

const NUMBER_TAGS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

/** Tag of a CEL rule (`x-kubernetes-validations` entry); a declaration may have several. */
const VALIDATION_TAG = 'validation';

/** An error in a variables interface, with file, line and member. */
export class VariableTypeError extends Error {
  public readonly isUserError = true;
}

function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${file.fileName}:${line + 1}`;
}

interface Doc {
  readonly description: string;
  readonly tags: Map<string, string>;
  /** The text of every `@validation` tag, in order. */
  readonly validations: readonly string[];
}

function docOf(node: ts.Node): Doc {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const doc = docs[docs.length - 1];
  const description = doc?.comment ? (ts.getTextOfJSDocComment(doc.comment) ?? '') : '';
  const tags = new Map<string, string>();
  const validations: string[] = [];
  for (const tag of doc?.tags ?? []) {
    const text = (ts.getTextOfJSDocComment(tag.comment) ?? '').trim();
    if (tag.tagName.text === VALIDATION_TAG) validations.push(text.replace(/\s*\n\s*/g, ' '));
    else tags.set(tag.tagName.text, text);
  }
  return { description: description.replace(/\s+/g, ' ').trim(), tags, validations };
}

/** A CEL rule as CAPI's `x-kubernetes-validations` takes it. */
type ValidationRule = NonNullable<VariableSchema['x-kubernetes-validations']>[number];

/** Reads `@validation {"rule": "…", "message": "…"}` tags: CEL rules CAPI evaluates on the value. */
function validationRules(node: ts.Node, texts: readonly string[]): ValidationRule[] {
  return texts.map((text) => {
    const rule = parseJsonTag(node, VALIDATION_TAG, text) as ValidationRule;
    if (typeof rule !== 'object' || rule === null || typeof rule.rule !== 'string' || !rule.message) {
      throw new VariableTypeError(
        `${where(node)}: @${VALIDATION_TAG} ${text} needs a CEL "rule" and a "message" naming the field and what it must be.`,
      );
    }
    return rule;
  });
}

function parseJsonTag(node: ts.Node, tag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new VariableTypeError(
      `${where(node)}: @${tag} ${text} is not JSON: write strings in double quotes, e.g. @${tag} "baseline".`,
    );
  }
}

/** Reads the JSON-schema tags of a member into the schema. */
function applyTags(
  node: ts.Node,
  schema: MutableSchema,
  tags: Map<string, string>,
  validations: readonly string[] = [],
): void {
  if (tags.has('default')) schema.default = parseJsonTag(node, 'default', tags.get('default')!);
  if (tags.has('example')) schema.example = parseJsonTag(node, 'example', tags.get('example')!);
  if (tags.has('format')) schema.format = tags.get('format');
  if (tags.has('pattern')) schema.pattern = tags.get('pattern');
  if (tags.has('uniqueItems')) schema.uniqueItems = true;
  for (const tag of NUMBER_TAGS) {
    if (!tags.has(tag)) continue;
    const value = Number(tags.get(tag));
    if (!Number.isFinite(value))
      throw new VariableTypeError(`${where(node)}: @${tag} ${tags.get(tag)} is not a number.`);
    schema[tag] = value;
  }
  if (validations.length > 0)
    schema['x-kubernetes-validations'] = [
      ...(schema['x-kubernetes-validations'] ?? []),
      ...validationRules(node, validations),
    ];
}

/** Converts TypeScript types (the subset a variable can have) to schemas. */
class SchemaBuilder {
  public constructor(private readonly checker: ts.TypeChecker) {}

  public fromTypeNode(node: ts.TypeNode, context: ts.Node): MutableSchema {
    if (ts.isParenthesizedTypeNode(node)) return this.fromTypeNode(node.type, context);
    if (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword)
      return this.fromTypeNode(node.type, context);
    if (ts.isArrayTypeNode(node))
      return { type: 'array', items: this.fromTypeNode(node.elementType, context) };
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      if (name === 'Integer') return { type: 'integer' };
      if ((name === 'ReadonlyArray' || name === 'Array') && node.typeArguments?.length === 1) {
        return { type: 'array', items: this.fromTypeNode(node.typeArguments[0], context) };
      }
      if (name === 'Record' && node.typeArguments?.length === 2) {
        return { type: 'object', additionalProperties: this.fromTypeNode(node.typeArguments[1], context) };
      }
      return this.fromDeclaration(node, context);
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: 'number' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
    }
    if (ts.isUnionTypeNode(node)) return this.fromUnion(node, context);
    // A single string literal: a union of one.
    if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal))
      return { type: 'string', enum: [node.literal.text] };
    throw new VariableTypeError(
      `${where(context)}: type ${node.getText()} cannot be a ClusterClass variable: use string, number, Integer, boolean, a string literal union, an array, Record<string, T> or an interface.`,
    );
  }

  private fromUnion(node: ts.UnionTypeNode, context: ts.Node): MutableSchema {
    const literals = node.types.map((t) =>
      ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : undefined,
    );
    if (literals.every((l): l is string => l !== undefined)) return { type: 'string', enum: literals };
    throw new VariableTypeError(
      `${where(context)}: union ${node.getText()} must be a union of string literals.`,
    );
  }

  private fromDeclaration(node: ts.TypeReferenceNode, context: ts.Node): MutableSchema {
    let symbol = this.checker.getSymbolAtLocation(node.typeName);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declaration = symbol?.declarations?.[0];
    if (declaration && ts.isTypeAliasDeclaration(declaration)) {
      // A documented alias (e.g. `/** @format uuid4 */ type Uuid4 = string`) carries its tags to every use.
      const schema: MutableSchema = { ...this.fromTypeNode(declaration.type, context) };
      const doc = docOf(declaration);
      applyTags(
        declaration,
        schema,
        new Map([...doc.tags].filter(([tag]) => tag !== 'default' && tag !== 'example')),
        doc.validations,
      );
      return doc.description && !schema.description ? { ...schema, description: doc.description } : schema;
    }
    if (declaration && ts.isInterfaceDeclaration(declaration)) return this.fromInterface(declaration);
    throw new VariableTypeError(
      `${where(context)}: cannot resolve type ${node.getText()}: declare it as an interface or type alias in the variables file.`,
    );
  }

  public fromInterface(declaration: ts.InterfaceDeclaration): MutableSchema {
    const properties: Record<string, VariableSchema> = {};
    const required: string[] = [];
    for (const member of declaration.members) {
      if (!ts.isPropertySignature(member) || !member.type) {
        throw new VariableTypeError(`${where(member)}: only properties with a type can be variables.`);
      }
      const name = member.name.getText();
      properties[name] = this.memberSchema(member);
      if (!member.questionToken) required.push(name);
    }
    // Rules on the interface hold wherever it is used, e.g. fields that exclude each other.
    const rules = validationRules(declaration, docOf(declaration).validations);
    return {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      ...(rules.length > 0 ? { 'x-kubernetes-validations': rules } : {}),
    };
  }

  public memberSchema(member: ts.PropertySignature): MutableSchema {
    const schema = this.fromTypeNode(member.type!, member);
    const { description, tags, validations } = docOf(member);
    if (!description) {
      throw new VariableTypeError(
        `${where(member)}: ${member.name.getText()} needs a doc comment: it becomes the variable's description.`,
      );
    }
    if (member.questionToken && !tags.has('default') && !tags.has('optional')) {
      throw new VariableTypeError(
        `${where(member)}: optional ${member.name.getText()} needs a @default (or @optional when unset is meaningful).`,
      );
    }
    const out: MutableSchema = { ...schema, description };
    applyTags(member, out, tags, validations);
    return out;
  }
}

/** A variables interface found in a file, as ClusterClass variable definitions. */
export interface VariablesInterface {
  readonly interfaceName: string;
  readonly definitions: VariableDefinition[];
}

/** Reads every interface tagged `@clusterClassVariables` in a file. */
export function variablesFromFile(fileName: string, program: ts.Program): VariablesInterface[] {
  const source = program.getSourceFile(fileName);
  if (!source) throw new VariableTypeError(`${fileName}: not part of the program.`);
  const builder = new SchemaBuilder(program.getTypeChecker());
  const out: VariablesInterface[] = [];
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node) || !docOf(node).tags.has(VARIABLES_TAG)) return;
    const definitions = node.members.map((member) => {
      if (!ts.isPropertySignature(member) || !member.type)
        throw new VariableTypeError(`${where(member)}: only properties can be variables.`);
      return {
        name: member.name.getText(),
        required: !member.questionToken,
        schema: builder.memberSchema(member),
      };
    });
    out.push({ interfaceName: node.name.text, definitions });
  });
  return out;
}

/** Creates a program for the given files with the workspace's compiler options. */
export function createProgram(fileNames: string[]): ts.Program {
  // Only the variables files' own declarations matter, so the standard library is not loaded (fast, and a
  // library type such as Date cannot be mistaken for a variables interface).
  return ts.createProgram(fileNames, {
    noLib: true,
    types: [],
    noResolve: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    noEmit: true,
  });
}
