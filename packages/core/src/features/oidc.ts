import { Expr, fn, Ref, TemplateText, vars } from '../cluster-class/expressions';
import { VariableDefinition, VariableSchema } from '../cluster-class/schema';
import { StackDefinitionError } from '../errors';
import type { JwtAuthenticators } from '../hardening/hardening';
import { ClusterFeatureVariables } from './variables';

const v = vars<ClusterFeatureVariables>();

/** A field of the API server's JWT authenticator: the minor whose kube-apiserver reads it, and whether it is offered. */
export interface JwtAuthenticatorField {
  /** Dotted path in a JWTAuthenticator, e.g. `issuer.discoveryURL`. */
  readonly path: string;
  /** The Kubernetes minor from which the API server reads the field (`apiserver.config.k8s.io/v1beta1` came with 1.30). */
  readonly since: number;
  /** Why the oidcAuthentication variable leaves the field out on every minor. @default - offered */
  readonly notOffered?: string;
}

/**
 * The JWTAuthenticator fields of the structured authentication configuration by Kubernetes minor
 * (`apiserver.config.k8s.io/v1beta1` from 1.30, `v1` from 1.34, same fields). The oidcAuthentication variable
 * of a stack offers exactly the fields its minor reads: one table instead of a branch per field.
 */
export const JWT_AUTHENTICATOR_FIELDS: readonly JwtAuthenticatorField[] = [
  { path: 'issuer.url', since: 30 },
  { path: 'issuer.discoveryURL', since: 30 },
  { path: 'issuer.certificateAuthority', since: 30 },
  { path: 'issuer.audiences', since: 30 },
  { path: 'issuer.audienceMatchPolicy', since: 30 },
  {
    path: 'issuer.egressSelectorType',
    since: 34,
    notOffered:
      'it names a connection of the egress selector configuration (--egress-selector-config-file), which no stack writes',
  },
  { path: 'claimValidationRules', since: 30 },
  { path: 'claimMappings.username', since: 30 },
  { path: 'claimMappings.groups', since: 30 },
  { path: 'claimMappings.uid', since: 30 },
  { path: 'claimMappings.extra', since: 30 },
  { path: 'userValidationRules', since: 30 },
];

/** The JWT authenticator fields the oidcAuthentication variable offers on a Kubernetes minor. */
export function offeredJwtAuthenticatorFields(minor: number): string[] {
  return JWT_AUTHENTICATOR_FIELDS.filter((f) => !f.notOffered && f.since <= minor).map((f) => f.path);
}

/**
 * An object schema with the fields a minor does not read left out. Objects without a row of their own are
 * entered (issuer, claimMappings); a field without any row is a mistake of the table, not a guess.
 */
function schemaForMinor(schema: VariableSchema, minor: number, where: string, prefix = ''): VariableSchema {
  const properties: Record<string, VariableSchema> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const row = JWT_AUTHENTICATOR_FIELDS.find((f) => f.path === path);
    if (row) {
      if (row.since > minor && schema.required?.includes(name)) {
        throw new StackDefinitionError(
          `${where}: oidcAuthentication needs the API server's structured authentication configuration with ${path} (Kubernetes 1.${row.since} or later), but the stack is for 1.${minor}: leave ClusterFeatures out or raise the minor.`,
        );
      }
      if (!row.notOffered && row.since <= minor) properties[name] = property;
    } else if (property.type === 'object' && property.properties) {
      properties[name] = schemaForMinor(property, minor, where, `${path}.`);
    } else {
      throw new StackDefinitionError(
        `${where}: oidcAuthentication.jwt field ${path} has no row in JWT_AUTHENTICATOR_FIELDS: add the minor that brought it.`,
      );
    }
  }
  const required = schema.required?.filter((name) => name in properties);
  return { ...schema, properties, ...(required ? { required } : {}) };
}

/** The oidcAuthentication variable as a stack of a Kubernetes minor offers it. */
export function oidcAuthenticationVariable(
  definition: VariableDefinition,
  minor: number,
  where: string,
): VariableDefinition {
  const jwt = definition.schema.properties!.jwt;
  const items = schemaForMinor(jwt.items!, minor, where);
  const properties = { ...definition.schema.properties, jwt: { ...jwt, items } };
  return { ...definition, schema: { ...definition.schema, properties } };
}

/**
 * The `jwt` list of the oidcAuthentication variable, empty when the variable is unset: a Cluster created before the
 * variable existed has no value until CAPI defaults it, and a field of a missing value fails the template.
 */
class JwtList extends Expr<unknown[]> {
  public renderPipeline(): string {
    // Parenthesised: it is an argument of other calls.
    return '(dig "oidcAuthentication" "jwt" (list) .)';
  }

  public references(): Ref<unknown>[] {
    return [v.ref('oidcAuthentication')];
  }
}

/**
 * The JWT authenticators of the oidcAuthentication variable, for the hardening profile's authentication
 * configuration. Each entry has the JWTAuthenticator's own field names, so it is written as it is: as JSON, which
 * YAML reads, one list item per line.
 */
export function oidcJwtAuthenticators(): JwtAuthenticators {
  const jwt = new JwtList();
  return {
    enabledIf: fn.isSet(jwt),
    items: new TemplateText(
      `{{- range $item := ${jwt.renderPipeline()} }}\n  - {{ toJson $item }}{{- end }}`,
      jwt.references(),
    ),
  };
}

/**
 * True when an authenticator of oidcAuthentication has this issuer URL. Sprig cannot map a list, so the test is
 * on the list's JSON: `"url":<the URL as JSON>` occurs there only as an issuer's url, since toJson escapes every
 * quote inside a string and no other field is named url; the closing quote keeps `https://a` from matching
 * `https://a/b`.
 */
class IssuerListed extends Expr<boolean> {
  public constructor(private readonly url: Ref<string | undefined>) {
    super();
  }

  public renderPipeline(): string {
    // Parenthesised: it is an argument of other calls.
    return `(contains (printf "\\"url\\":%s" (toJson ${this.url.renderPipeline()})) (toJson ${new JwtList().renderPipeline()}))`;
  }

  public references(): Ref<unknown>[] {
    return [v.ref('oidcAuthentication'), this.url];
  }
}

/**
 * Whether oidcAuthentication lists this issuer URL. The API server refuses a configuration with two
 * authenticators of one issuer, and no schema rule spans two variables, so a stack's own OIDC variable leaves
 * its authenticator out when oidcAuthentication has the issuer: the fuller definition wins.
 */
export function oidcIssuerListed(url: Ref<string | undefined>): Expr<boolean> {
  return new IssuerListed(url);
}
