import { EXAMPLE_OIDC_ISSUERS, expectedAnonymousAuthenticationLines } from '@cluster-stacks/core';

/**
 * What the dry-run tests expect of the OIDC feature on the generated objects: the examples' providers as the
 * API server reads them, and the authentication configuration file as the nodes get it.
 */

/** The examples' providers after CAPI's defaulting: audienceMatchPolicy is MatchAny on every issuer. */
export const EXPECTED_OIDC_AUTHENTICATORS = EXAMPLE_OIDC_ISSUERS.map((a) => ({
  ...a,
  issuer: { ...a.issuer, audienceMatchPolicy: 'MatchAny' },
}));

/** A value as Go's toJson writes it: keys sorted, no spaces, `<`, `>` and `&` escaped. */
export function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** The authentication configuration file with the anonymous rules and, when given, the `jwt:` list lines. */
export function expectedAuthenticationFile(apiVersion: string, jwt: readonly string[] = []): string {
  return [
    ...expectedAnonymousAuthenticationLines(apiVersion),
    ...(jwt.length > 0 ? ['jwt:', ...jwt] : []),
    '',
  ].join('\n');
}

/** The `jwt:` list lines of the examples' providers: one JSON item per line. */
export const EXPECTED_OIDC_JWT_LINES = EXPECTED_OIDC_AUTHENTICATORS.map((a) => `  - ${goJson(a)}`);

/** Invalid oidcAuthentication values, the field CAPI names and the message of each rule they break. */
const VALID = {
  issuer: { url: 'https://a.example.com', audiences: ['kubernetes'] },
  claimMappings: { username: { claim: 'sub', prefix: '' } },
};
export const INVALID_OIDC_VALUES: readonly [string, Record<string, unknown>, string, string | string[]][] = [
  [
    'an issuer URL over http',
    { jwt: [{ ...VALID, issuer: { url: 'http://a.example.com', audiences: ['kubernetes'] } }] },
    'jwt[0].issuer.url',
    "jwt[0].issuer.url in body should match '^https://[^\\s/?#@]+(/[^\\s?#]*)?$'",
  ],
  [
    'an issuer without audiences',
    { jwt: [{ ...VALID, issuer: { url: 'https://a.example.com', audiences: [] } }] },
    'jwt[0].issuer.audiences',
    'jwt[0].issuer.audiences in body should have at least 1 items',
  ],
  [
    'the same issuer twice',
    { jwt: [VALID, VALID] },
    'jwt',
    'issuer.url must be unique, the API server refuses two authenticators of one issuer',
  ],
  [
    'a user name mapping with claim and expression',
    {
      jwt: [
        { ...VALID, claimMappings: { username: { claim: 'sub', prefix: '', expression: 'claims.sub' } } },
      ],
    },
    'jwt[0].claimMappings.username',
    ['set either claim or expression', 'prefix goes with claim only, an expression builds the whole value'],
  ],
  [
    'a user name claim without prefix',
    { jwt: [{ ...VALID, claimMappings: { username: { claim: 'sub' } } }] },
    'jwt[0].claimMappings.username',
    'prefix is required with claim ("" for none)',
  ],
  [
    'a claim rule with a message',
    { jwt: [{ ...VALID, claimValidationRules: [{ claim: 'hd', message: 'x' }] }] },
    'jwt[0].claimValidationRules[0]',
    'message goes with expression, not with claim',
  ],
];

/** An oidcAuthentication value as CAPI holds it after defaulting (audienceMatchPolicy on every issuer). */
function defaulted(value: Record<string, unknown>): Record<string, unknown> {
  const jwt = value.jwt as { issuer: Record<string, unknown> }[];
  return { jwt: jwt.map((a) => ({ ...a, issuer: { audienceMatchPolicy: 'MatchAny', ...a.issuer } })) };
}

/**
 * CAPI's message for an invalid oidcAuthentication value: per broken rule the field, the defaulted value and the
 * rule's message; several in brackets.
 */
export function capiOidcRejection(
  value: Record<string, unknown>,
  field: string,
  messages: string | readonly string[],
): string {
  const each = (typeof messages === 'string' ? [messages] : messages).map(
    (m) =>
      `spec.topology.variables[oidcAuthentication].value.${field}: Invalid value: ${JSON.stringify(goJson(defaulted(value)))}: ${m}`,
  );
  return each.length === 1 ? each[0] : `[${each.join(', ')}]`;
}
