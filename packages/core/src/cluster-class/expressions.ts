/**
 * Typed expressions that render to the Go templates CAPI evaluates in `enabledIf` and
 * `valueFrom.template` (text/template with sprig). They are built from code, so variable names are
 * checked by the compiler and quoting is always right.
 */
export abstract class Expr<T = unknown> {
  /** Phantom member that carries the value type; never read. */
  declare protected readonly __type?: T;

  /** The pipeline without delimiters, e.g. `ne .imageRepository ""`. */
  public abstract renderPipeline(): string;

  /** Every variable reference in this expression, to check that each names a declared variable. */
  public abstract references(): Ref<unknown>[];

  /** The expression as a complete action, e.g. `{{ ne .imageRepository "" }}`. */
  public toTemplate(): string {
    return `{{ ${this.renderPipeline()} }}`;
  }

  /** `replace "<old>" "<new>"` applied to this string. */
  public replace(this: Expr<string>, oldText: string, newText: string): Expr<string> {
    return new Call<string>('replace', [literal(oldText), literal(newText), this]);
  }

  /** `default <fallback>`: the fallback when this value is empty. */
  public orDefault<U extends T>(fallback: Expr<U> | U): Expr<T> {
    return new Call<T>('default', [toExpr(fallback), this]);
  }

  /** `toJson`: renders a structured value as JSON, which YAML readers accept. */
  public toJson(): Expr<string> {
    return new Call<string>('toJson', [this]);
  }
}

type Operand<T> = Expr<T> | T;

class Raw<T> extends Expr<T> {
  public constructor(private readonly text: string) {
    super();
  }
  public renderPipeline(): string {
    return this.text;
  }
  public references(): Ref<unknown>[] {
    return [];
  }
}

class Call<T> extends Expr<T> {
  public constructor(
    private readonly fn: string,
    private readonly args: Expr[],
  ) {
    super();
  }
  public renderPipeline(): string {
    return [this.fn, ...this.args.map(renderArgument)].join(' ');
  }
  public references(): Ref<unknown>[] {
    return this.args.flatMap((arg) => arg.references());
  }
}

/** Arguments that are calls need parentheses; references and literals do not. */
function renderArgument(arg: Expr): string {
  return arg instanceof Call ? `(${arg.renderPipeline()})` : arg.renderPipeline();
}

function literal(value: unknown): Expr {
  if (typeof value === 'string') return new Raw(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean') return new Raw(String(value));
  throw new Error(
    `only string, number and boolean literals can appear in a template, got ${JSON.stringify(value)}`,
  );
}

function toExpr<T>(value: Operand<T>): Expr<T> {
  return value instanceof Expr ? value : (literal(value) as Expr<T>);
}

/** A reference to a value by its dotted path in the template's data, e.g. `.builtin.controlPlane.version`. */
export class Ref<T> extends Expr<T> {
  public constructor(public readonly path: readonly string[]) {
    super();
  }

  /** A field of an object value. */
  public field<K extends keyof NonNullable<T> & string>(key: K): Ref<NonNullable<T>[K]> {
    return new Ref(this.path.concat(key));
  }

  /** The top-level variable (or builtin) name this reference starts with. */
  public get variableName(): string {
    return this.path[0];
  }

  /** The path in the form `valueFrom.variable` takes: `imageRepository` or `builtin.controlPlane.version`. */
  public get variablePath(): string {
    return this.path.join('.');
  }

  public renderPipeline(): string {
    return '.' + this.path.join('.');
  }

  public references(): Ref<unknown>[] {
    return [this as Ref<unknown>];
  }
}

/** Functions of the template language, typed. */
export const fn = {
  eq: <T>(a: Operand<T>, b: Operand<T>): Expr<boolean> => new Call('eq', [toExpr(a), toExpr(b)]),
  ne: <T>(a: Operand<T>, b: Operand<T>): Expr<boolean> => new Call('ne', [toExpr(a), toExpr(b)]),
  not: (a: Expr<unknown>): Expr<boolean> => new Call('not', [a]),
  and: (...args: Expr<unknown>[]): Expr<boolean> => new Call('and', args),
  or: (...args: Expr<unknown>[]): Expr<boolean> => new Call('or', args),
  /** True when the value is non-empty (Go template truthiness): an explicit `not (empty x)`. */
  isSet: (a: Expr<unknown>): Expr<boolean> => new Call('not', [new Call('empty', [a])]),
  /** `semverCompare "<constraint>" <version>`, e.g. for version-aware patches. */
  semverCompare: (constraint: string, version: Expr<string>): Expr<boolean> =>
    new Call('semverCompare', [literal(constraint), version]),
  /** `get <dict> <key>`: lookup in a map literal built with {@link fn.dict}. */
  get: (dict: Expr<Record<string, string>>, key: Expr<string>): Expr<string> => new Call('get', [dict, key]),
  /** `ternary <whenTrue> <whenFalse> <condition>`: one of two values. */
  ternary: <T>(whenTrue: Operand<T>, whenFalse: Operand<T>, condition: Expr<unknown>): Expr<T> =>
    new Call('ternary', [toExpr(whenTrue), toExpr(whenFalse), condition]),
  /** `list "a" "b"`: a list literal of strings. */
  list: (...items: string[]): Expr<string[]> => new Call('list', items.map(literal)),
  /** `concat a b`: two lists joined. */
  concat: <T>(a: Expr<readonly T[]>, b: Expr<readonly T[] | undefined>): Expr<T[]> =>
    new Call('concat', [a, b]),
  /** `dict "k1" "v1" "k2" "v2"`: a map literal (keys sorted for stable output). */
  dict: (entries: Record<string, string>): Expr<Record<string, string>> =>
    new Call(
      'dict',
      Object.keys(entries)
        .sort()
        .flatMap((key) => [literal(key), literal(entries[key])]),
    ),
};

/** The builtin variables CAPI provides to patches (`builtin.*`). */
export const builtin = {
  cluster: {
    name: new Ref<string>(['builtin', 'cluster', 'name']),
    namespace: new Ref<string>(['builtin', 'cluster', 'namespace']),
    topology: {
      version: new Ref<string>(['builtin', 'cluster', 'topology', 'version']),
      class: new Ref<string>(['builtin', 'cluster', 'topology', 'class']),
    },
    network: {
      serviceDomain: new Ref<string>(['builtin', 'cluster', 'network', 'serviceDomain']),
      services: new Ref<string[]>(['builtin', 'cluster', 'network', 'services']),
      pods: new Ref<string[]>(['builtin', 'cluster', 'network', 'pods']),
    },
  },
  controlPlane: {
    version: new Ref<string>(['builtin', 'controlPlane', 'version']),
    replicas: new Ref<number>(['builtin', 'controlPlane', 'replicas']),
    name: new Ref<string>(['builtin', 'controlPlane', 'name']),
  },
  machineDeployment: {
    version: new Ref<string>(['builtin', 'machineDeployment', 'version']),
    class: new Ref<string>(['builtin', 'machineDeployment', 'class']),
    name: new Ref<string>(['builtin', 'machineDeployment', 'name']),
    topologyName: new Ref<string>(['builtin', 'machineDeployment', 'topologyName']),
    replicas: new Ref<number>(['builtin', 'machineDeployment', 'replicas']),
  },
  machinePool: {
    version: new Ref<string>(['builtin', 'machinePool', 'version']),
    class: new Ref<string>(['builtin', 'machinePool', 'class']),
    name: new Ref<string>(['builtin', 'machinePool', 'name']),
  },
};

/** Typed references to a stack's ClusterClass variables, e.g. `vars<MyVariables>().ref('imageRepository')`. */
export function vars<V>(): { ref<K extends keyof V & string>(name: K): Ref<V[K]> } {
  return { ref: (name) => new Ref([name]) };
}

/** A Go template text (for `valueFrom.template`) and the variables it reads. */
export class TemplateText {
  public constructor(
    public readonly text: string,
    public readonly refs: readonly Ref<unknown>[],
  ) {}

  public toString(): string {
    return this.text;
  }
}

/**
 * A template text with embedded expressions, written as a tagged template literal:
 * `` template`kindest/node:${builtin.controlPlane.version.replace('+', '_')}` ``.
 */
export function template(strings: TemplateStringsArray, ...exprs: Expr<unknown>[]): TemplateText {
  const text = strings.reduce(
    (out, part, i) => out + part + (i < exprs.length ? exprs[i].toTemplate() : ''),
    '',
  );
  return new TemplateText(
    text,
    exprs.flatMap((expr) => expr.references()),
  );
}
