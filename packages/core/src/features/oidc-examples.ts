import { JwtAuthenticator } from './variables';

/** A self-signed CA certificate for the examples: valid PEM, so the API server would load it; no key exists. */
export const EXAMPLE_OIDC_CA =
  '-----BEGIN CERTIFICATE-----\nMIIBiTCCAS+gAwIBAgIURpBJC848cp0Jq5NojRnmraUKwNwwCgYIKoZIzj0EAwIw\nGjEYMBYGA1UEAwwPZXhhbXBsZS1vaWRjLWNhMB4XDTI2MTIwNzE0NDY1OVoXDTM2\nMTIwNDE0NDY1OVowGjEYMBYGA1UEAwwPZXhhbXBsZS1vaWRjLWNhMFkwEwYHKoZI\nzj0CAQYIKoZIzj0DAQcDQgAEtDE3X6M6OaIO93NOhJ41IPP6yqNatmDRFcSdlG60\nMUd7BTv6yARalA/OzwuEsVOFxhEdq/qtGVXTUVJ8nOoIXKNTMFEwHQYDVR0OBBYE\nFJQtXxQya/WkHhpNNQNv/KDAQgZFMB8GA1UdIwQYMBaAFJQtXxQya/WkHhpNNQNv\n/KDAQgZFMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgGWjXonOs\nOTouXyQYOErEIJTI7eTRJFVQQpSeTDLUZeACIQC713wdqwxmx8bZtZBvvOqYBivu\na9z+OfOJ6/4YRrIgUQ==\n-----END CERTIFICATE-----\n';

/**
 * Two OpenID Connect providers for the stacks' examples: one with claims, prefixes, a CA and CEL rules on claims
 * and users, one with a discovery URL inside the cloud and mappings by CEL expression.
 */
export const EXAMPLE_OIDC_ISSUERS: readonly JwtAuthenticator[] = [
  {
    issuer: {
      url: 'https://keycloak.example.com/realms/platform',
      audiences: ['kubernetes', 'kubectl'],
      certificateAuthority: EXAMPLE_OIDC_CA,
    },
    claimValidationRules: [
      { claim: 'typ', requiredValue: 'ID' },
      {
        expression: 'claims.exp - claims.iat <= 86400',
        message: 'tokens must not be valid for more than a day',
      },
    ],
    claimMappings: {
      username: { claim: 'email', prefix: 'keycloak:' },
      groups: { claim: 'groups', prefix: 'keycloak:' },
      uid: { claim: 'sub' },
      extra: [{ key: 'example.com/tenant', valueExpression: "claims.?tenant.orValue('')" }],
    },
    userValidationRules: [
      {
        expression: "!user.username.startsWith('system:')",
        message: 'user names must not start with system:',
      },
    ],
  },
  {
    issuer: {
      url: 'https://gitlab.example.com',
      discoveryURL: 'https://gitlab.internal.example.com/.well-known/openid-configuration',
      audiences: ['kubernetes'],
    },
    claimValidationRules: [
      { expression: "'platform' in claims.groups_direct", message: 'only members of platform may sign in' },
    ],
    claimMappings: {
      username: { expression: "'gitlab:' + claims.nickname" },
      groups: { claim: 'groups_direct', prefix: 'gitlab:' },
    },
  },
];
