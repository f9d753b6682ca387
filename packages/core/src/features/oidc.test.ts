import { parse } from 'yaml';
import { CapiVersion } from '../capi-version';
import { VariableDefinition, VariableSchema } from '../cluster-class/schema';
import { Hardening } from '../hardening/hardening';
import { KubernetesVersion } from '../kubernetes-version';
import { testStackWithLists } from '../test-support';
import { expectedAnonymousAuthenticationLines } from '../testing';
import { ClusterFeatures } from './cluster-features';
import { clusterFeatureVariables } from './imports/variables';
import {
  JWT_AUTHENTICATOR_FIELDS,
  oidcAuthenticationVariable,
  oidcIssuerListed,
  offeredJwtAuthenticatorFields,
} from './oidc';
import { vars } from '../cluster-class/expressions';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** A test stack of a minor with the features and the hardening profile, the features' authenticators passed on. */
function oidcStack(minor = 35, passAuthenticators = true) {
  const parts = testStackWithLists(KubernetesVersion.of(`1.${minor}.0`));
  const features = new ClusterFeatures(parts.stack, 'Features', { clusterClass: parts.clusterClass });
  new Hardening(parts.stack, 'Hardening', {
    clusterClass: parts.clusterClass,
    controlPlane: parts.controlPlane,
    workers: [{ template: parts.bootstrap, classes: ['default-worker'] }],
    jwtAuthenticators: passAuthenticators ? [features.jwtAuthenticators] : [],
  });
  return { ...parts, features };
}

/** The dotted paths of a JWT authenticator schema down to the fields of the table. */
function fieldPaths(schema: VariableSchema, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
    name === 'issuer' || name === 'claimMappings'
      ? fieldPaths(property, `${prefix}${name}.`)
      : [`${prefix}${name}`],
  );
}

const OFFERED = [
  'issuer.url',
  'issuer.discoveryURL',
  'issuer.certificateAuthority',
  'issuer.audiences',
  'issuer.audienceMatchPolicy',
  'claimValidationRules',
  'claimMappings.username',
  'claimMappings.groups',
  'claimMappings.uid',
  'claimMappings.extra',
  'userValidationRules',
];

const definition = () => clusterFeatureVariables.find((d) => d.name === 'oidcAuthentication')!;

describe('OIDC (oidcAuthentication)', () => {
  test.each([33, 34, 35, 36])(
    'GIVEN Kubernetes 1.%i WHEN the features are added THEN oidcAuthentication offers every JWT authenticator field the minor reads, egressSelectorType left out',
    (minor) => {
      // GIVEN / WHEN
      const { clusterClass } = oidcStack(minor);

      // THEN
      const variable = clusterClass.variableDefinitions.find((d) => d.name === 'oidcAuthentication')!;
      expect(variable.required).toBe(false);
      expect(variable.schema.default).toEqual({});
      expect(variable.schema.properties!.jwt.default).toEqual([]);
      expect(fieldPaths(variable.schema.properties!.jwt.items!)).toEqual(OFFERED);
      expect(offeredJwtAuthenticatorFields(minor)).toEqual(OFFERED);
    },
  );

  test('GIVEN the field table THEN every field the API server reads from 1.30 on is offered, and the one left out says why', () => {
    expect(JWT_AUTHENTICATOR_FIELDS.filter((f) => f.notOffered)).toEqual([
      {
        path: 'issuer.egressSelectorType',
        since: 34,
        notOffered:
          'it names a connection of the egress selector configuration (--egress-selector-config-file), which no stack writes',
      },
    ]);
    expect(offeredJwtAuthenticatorFields(29)).toEqual([]);
  });

  test('GIVEN Kubernetes 1.29, before the structured authentication configuration WHEN the features are added THEN the error names the field and the minor', () => {
    expect(() => oidcStack(29)).toThrow(
      "test-core-1-29/Features: ClusterFeatures: oidcAuthentication needs the API server's structured authentication configuration with issuer.url (Kubernetes 1.30 or later), but the stack is for 1.29: leave ClusterFeatures out or raise the minor.",
    );
  });

  test('GIVEN a JWT authenticator field without a row in the table WHEN the variable is offered THEN the error asks for its minor', () => {
    // GIVEN
    const jwt = definition().schema.properties!.jwt;
    const issuer = jwt.items!.properties!.issuer;
    const withNewField: VariableDefinition = {
      ...definition(),
      schema: {
        ...definition().schema,
        properties: {
          jwt: {
            ...jwt,
            items: {
              ...jwt.items,
              properties: {
                ...jwt.items!.properties,
                issuer: {
                  ...issuer,
                  properties: { ...issuer.properties, tlsServerName: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    };

    // WHEN / THEN
    expect(() => oidcAuthenticationVariable(withNewField, 35, 'stack/Features')).toThrow(
      'stack/Features: oidcAuthentication.jwt field issuer.tlsServerName has no row in JWT_AUTHENTICATOR_FIELDS: add the minor that brought it.',
    );
  });

  test('GIVEN the schema THEN CAPI checks the JWTAuthenticator rules the API server would refuse a file for (unique issuers, https, claim or expression, prefixes)', () => {
    // GIVEN / WHEN
    const jwt = definition().schema.properties!.jwt;
    const item = jwt.items!;
    const rules = (schema: VariableSchema) => schema['x-kubernetes-validations']!.map((r) => r.rule);

    // THEN
    expect(jwt.maxItems).toBe(16);
    expect(rules(jwt)).toEqual([
      'self.all(a, self.exists_one(b, b.issuer.url == a.issuer.url))',
      'self.all(a, !has(a.issuer.discoveryURL) || self.exists_one(b, has(b.issuer.discoveryURL) && b.issuer.discoveryURL == a.issuer.discoveryURL))',
    ]);
    expect(item.required).toEqual(['issuer', 'claimMappings']);
    expect(item.properties!.issuer.required).toEqual(['url', 'audiences']);
    expect(item.properties!.issuer.properties!.url.pattern).toBe('^https://[^\\s/?#@]+(/[^\\s?#]*)?$');
    expect(item.properties!.issuer.properties!.audiences.minItems).toBe(1);
    expect(item.properties!.claimMappings.required).toEqual(['username']);
    expect(rules(item.properties!.claimMappings.properties!.username)).toEqual([
      'has(self.claim) != has(self.expression)',
      '!has(self.claim) || has(self.prefix)',
      '!has(self.expression) || !has(self.prefix)',
    ]);
    expect(rules(item.properties!.claimValidationRules.items!)).toEqual([
      'has(self.claim) != has(self.expression)',
      '!has(self.claim) || !has(self.message)',
      '!has(self.expression) || !has(self.requiredValue)',
    ]);
  });

  test('GIVEN the features and the hardening profile WHEN the authentication patch renders THEN the jwt list is written from oidcAuthentication only when it has an authenticator', () => {
    // GIVEN
    const { clusterClass } = oidcStack();

    // WHEN
    const [object] = clusterClass.render(CapiVersion.V1BETA2) as Json[];
    const patch = object.spec.patches.find((p: Json) => p.name === 'apiServerAuthentication');

    // THEN
    const jwt = '(dig "oidcAuthentication" "jwt" (list) .)';
    expect(parse(patch.definitions[0].jsonPatches[0].valueFrom.template).content).toBe(
      [
        ...expectedAnonymousAuthenticationLines('apiserver.config.k8s.io/v1'),
        `{{- if not (empty ${jwt}) }}`,
        `jwt:{{- end }}{{- range $item := ${jwt} }}`,
        '  - {{ toJson $item }}{{- end }}',
        '',
      ].join('\n'),
    );
  });

  test("GIVEN a stack whose Hardening does not get the features' authenticators WHEN validated THEN the error says where to pass them", () => {
    // GIVEN / WHEN
    const passed = oidcStack(35, true).features.node.validate();
    const missing = oidcStack(35, false).features.node.validate();

    // THEN
    expect(passed).toEqual([]);
    expect(missing).toEqual([
      "test-core-1-35/Features: ClusterFeatures: the oidcAuthentication variable is written by the hardening profile: pass jwtAuthenticators of this ClusterFeatures to the stack's Hardening (jwtAuthenticators: [features.jwtAuthenticators]).",
    ]);
  });

  test('GIVEN an issuer URL of another variable WHEN tested against oidcAuthentication THEN the test is on the JSON of the list, the URL with its quotes', () => {
    // GIVEN
    const url = vars<{ legacy: { issuerURL?: string } }>().ref('legacy').field('issuerURL');

    // WHEN
    const listed = oidcIssuerListed(url);

    // THEN
    expect(listed.renderPipeline()).toBe(
      '(contains (printf "\\"url\\":%s" (toJson .legacy.issuerURL)) (toJson (dig "oidcAuthentication" "jwt" (list) .)))',
    );
    expect(listed.references().map((r) => r.variablePath)).toEqual([
      'oidcAuthentication',
      'legacy.issuerURL',
    ]);
  });
});
