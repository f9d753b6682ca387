import type { Integer } from '../cluster-class/schema';

// Items of the list variables below carry their pattern through these aliases (no description here: a
// documented alias would give every use its description).
/** @pattern ^[^\s,"\\]+$ */
export type NoProxyEntry = string;
/** @pattern ^[A-Za-z0-9]([-A-Za-z0-9.:]*[A-Za-z0-9])?$ */
export type NtpServer = string;

/** A Secret of the management cluster holding a registry's user name and password. */
export interface RegistryCredentialsSecretRef {
  /**
   * Name of the Secret, in the Cluster's namespace of the management cluster (e.g. of type `kubernetes.io/basic-auth`).
   * @example "registry-credentials"
   */
  readonly name: string;
  /**
   * Key of the Secret holding the user name.
   * @default "username"
   */
  readonly usernameKey?: string;
  /**
   * Key of the Secret holding the password or token.
   * @default "password"
   */
  readonly passwordKey?: string;
}

/**
 * A pull-through mirror of a container registry. Every node gets
 * `/etc/containerd/certs.d/<hostnameUpstream>/hosts.toml`, so containerd tries the mirror first and falls back
 * to the registry itself.
 */
export interface RegistryMirror {
  /**
   * Registry host the mirror stands in for, as image references name it (with a port if they do).
   * @pattern ^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]+)?$
   * @example "docker.io"
   */
  readonly hostnameUpstream: string;
  /**
   * URL of the mirror. With overridePath it is the mirror's registry API root (what containerd would reach as `/v2`).
   * @pattern ^https?://
   * @example "https://registry.example.com/v2/dockerhub"
   */
  readonly urlMirror: string;
  /**
   * URL of the registry itself (containerd's `server`); empty uses containerd's default for the host, e.g. `https://registry-1.docker.io` for docker.io.
   * @default ""
   * @example "https://registry-1.docker.io"
   */
  readonly urlUpstream?: string;
  /**
   * CA certificate (PEM) the mirror's TLS certificate is checked against; empty uses the node's trust store.
   * @default ""
   */
  readonly certMirror?: string;
  /**
   * Use urlMirror as the API root as it is (containerd's `override_path`); false appends `/v2` to it.
   * @default true
   */
  readonly overridePath?: boolean;
  /**
   * Secret with the user name and password the nodes authenticate to the mirror with (HTTP basic authentication). The bootstrap provider copies both into the node's bootstrap data; they end up in the mirror's hosts.toml, readable by root only. Unset pulls anonymously.
   * @optional
   * @example {"name": "registry-credentials"}
   */
  readonly credentialsSecretRef?: RegistryCredentialsSecretRef;
}

/** The HTTP proxy containerd and the kubelet of every node use. */
export interface HttpProxy {
  /**
   * URL of the proxy for plain HTTP requests (`HTTP_PROXY`).
   * @pattern ^https?://[^\s,"\\]+$
   * @optional
   * @example "http://proxy.example.com:3128"
   */
  readonly http?: string;
  /**
   * URL of the proxy for HTTPS requests (`HTTPS_PROXY`).
   * @pattern ^https?://[^\s,"\\]+$
   * @optional
   * @example "http://proxy.example.com:3128"
   */
  readonly https?: string;
  /**
   * Further hosts, domains (`.example.com`), IP addresses and CIDRs reached without the proxy (`NO_PROXY`). localhost, 127.0.0.1, the Cluster's pod and service CIDRs and its service domain (`.svc`, `.<serviceDomain>`) are always added; add the API server's address when the nodes reach it without the proxy.
   * @default []
   * @example ["10.0.0.0/8", ".example.com"]
   */
  readonly noProxy?: readonly NoProxyEntry[];
}

/** When control-plane machines are replaced before their certificates expire. */
export interface CertificateRenewal {
  /**
   * Replace control-plane machines before their certificates expire (KubeadmControlPlane `rolloutBefore.certificatesExpiryDays`).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Days before the expiry of the control-plane certificates (issued by kubeadm for one year) at which a machine is replaced.
   * @default 21
   * @minimum 7
   * @maximum 180
   */
  readonly daysBeforeExpiry?: Integer;
}

// The OIDC types below mirror the API server's JWTAuthenticator (apiserver.config.k8s.io v1beta1 and v1) field
// by field, so a Cluster's value is written to the AuthenticationConfiguration as it is. Every string a CEL
// rule compares has a maxLength: CAPI refuses rules whose estimated cost is unbounded.

/** @pattern ^https://[^\s/?#@]+(/[^\s?#]*)?$ @maxLength 2048 */
export type HttpsUrl = string;
/** @minLength 1 @maxLength 256 */
export type Audience = string;
/** @minLength 1 @maxLength 256 */
export type ClaimName = string;
/** @minLength 1 @maxLength 4096 */
export type CelExpression = string;

/** The OpenID Connect provider of a JWT authenticator and the audiences its tokens must name. */
export interface JwtIssuer {
  /**
   * HTTPS URL of the issuer, without query or fragment; tokens must carry it as `iss`, and the API server reads the provider's discovery document at `<url>/.well-known/openid-configuration` (`--oidc-issuer-url`).
   * @example "https://dex.example.com"
   */
  readonly url: HttpsUrl;
  /**
   * HTTPS URL of the discovery document when it is served elsewhere than below url (e.g. inside the cluster), used exactly as given; the document must still name url as its issuer.
   * @optional
   * @example "https://dex.dex.svc/.well-known/openid-configuration"
   */
  readonly discoveryURL?: HttpsUrl;
  /**
   * CA certificates (PEM) the provider's TLS certificate is checked against (`--oidc-ca-file`); unset uses the API server's trust store.
   * @optional
   * @pattern ^\s*-----BEGIN CERTIFICATE-----
   */
  readonly certificateAuthority?: string;
  /**
   * Audiences a token may be issued for, such as client IDs (`--oidc-client-id`): its `aud` claim must name one of them.
   * @minItems 1
   * @maxItems 16
   * @example ["kubernetes"]
   * @validation {"rule": "self.all(a, self.exists_one(b, b == a))", "message": "audiences must be unique"}
   */
  readonly audiences: readonly Audience[];
  /**
   * How `aud` is matched against audiences: any one of them (the only policy the API server knows, and the one it requires for several audiences).
   * @default "MatchAny"
   */
  readonly audienceMatchPolicy?: 'MatchAny';
}

/**
 * A claim or a CEL expression over `claims` whose value becomes a user attribute, with a prefix for a claim.
 * @validation {"rule": "has(self.claim) != has(self.expression)", "message": "set either claim or expression"}
 * @validation {"rule": "!has(self.claim) || has(self.prefix)", "message": "prefix is required with claim (\"\" for none)"}
 * @validation {"rule": "!has(self.expression) || !has(self.prefix)", "message": "prefix goes with claim only, an expression builds the whole value"}
 */
export interface PrefixedClaimOrExpression {
  /**
   * JWT claim holding the value.
   * @optional
   * @example "email"
   */
  readonly claim?: ClaimName;
  /**
   * Prefix of the value from claim, so that it cannot collide with other users or groups such as `system:` ones; required with claim, "" for none.
   * @optional
   * @example "oidc:"
   */
  readonly prefix?: string;
  /**
   * CEL expression over `claims` building the value (instead of claim and prefix).
   * @optional
   * @example "'oidc:' + claims.sub"
   */
  readonly expression?: CelExpression;
}

/**
 * A claim or a CEL expression over `claims` whose value becomes a user attribute.
 * @validation {"rule": "has(self.claim) != has(self.expression)", "message": "set either claim or expression"}
 */
export interface ClaimOrExpression {
  /**
   * JWT claim holding the value.
   * @optional
   * @example "sub"
   */
  readonly claim?: ClaimName;
  /**
   * CEL expression over `claims` building the value (instead of claim).
   * @optional
   * @example "claims.sub"
   */
  readonly expression?: CelExpression;
}

/**
 * An extra attribute of the user, from a CEL expression.
 * @validation {"rule": "!self.key.matches('^([^/]*[.])?(kubernetes|k8s)[.]io/')", "message": "key must not be in k8s.io, kubernetes.io or their subdomains, which are reserved for Kubernetes"}
 */
export interface ExtraMapping {
  /**
   * Key of the attribute: a lowercase domain-prefixed path.
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*[/][-a-z0-9/._~%!$&'()*+,;=:]+$
   * @maxLength 256
   * @example "example.com/tenant"
   */
  readonly key: string;
  /**
   * CEL expression over `claims` giving a string or a list of strings; empty values leave the attribute out.
   * @example "claims.tenant"
   */
  readonly valueExpression: CelExpression;
}

/** How the claims of a token become the user's name, groups, UID and extra attributes. */
export interface ClaimMappings {
  /**
   * The user name (`--oidc-username-claim`, `--oidc-username-prefix`); the value must be a string.
   * @example {"claim": "email", "prefix": "oidc:"}
   */
  readonly username: PrefixedClaimOrExpression;
  /**
   * The groups (`--oidc-groups-claim`, `--oidc-groups-prefix`); the value must be a string or a list of strings.
   * @optional
   * @example {"claim": "groups", "prefix": "oidc:"}
   */
  readonly groups?: PrefixedClaimOrExpression;
  /**
   * The UID; the value must be a string.
   * @optional
   * @example {"claim": "sub"}
   */
  readonly uid?: ClaimOrExpression;
  /**
   * Extra attributes, each from a CEL expression.
   * @optional
   * @maxItems 16
   * @validation {"rule": "self.all(a, self.exists_one(b, b.key == a.key))", "message": "extra keys must be unique"}
   */
  readonly extra?: readonly ExtraMapping[];
}

/**
 * A rule every token must pass: a claim with a required value, or a CEL expression over `claims` with the message of a rejection.
 * @validation {"rule": "has(self.claim) != has(self.expression)", "message": "set either claim (with requiredValue) or expression (with message)"}
 * @validation {"rule": "!has(self.claim) || !has(self.message)", "message": "message goes with expression, not with claim"}
 * @validation {"rule": "!has(self.expression) || !has(self.requiredValue)", "message": "requiredValue goes with claim, not with expression"}
 */
export interface ClaimValidationRule {
  /**
   * Claim that must be present with requiredValue (`--oidc-required-claim`).
   * @optional
   * @example "hd"
   */
  readonly claim?: ClaimName;
  /**
   * Value the claim must have; unset requires an empty string.
   * @optional
   * @example "example.com"
   */
  readonly requiredValue?: string;
  /**
   * CEL expression over `claims` that must be true.
   * @optional
   * @example "claims.exp - claims.nbf <= 86400"
   */
  readonly expression?: CelExpression;
  /**
   * Message of a token the expression rejects.
   * @optional
   * @example "tokens must not be valid for more than a day"
   */
  readonly message?: string;
}

/** A rule every authenticated user must pass: a CEL expression over `user` (name, uid, groups, extra). */
export interface UserValidationRule {
  /**
   * CEL expression over `user` that must be true.
   * @example "!user.username.startsWith('system:')"
   */
  readonly expression: CelExpression;
  /**
   * Message of a user the expression rejects.
   * @optional
   * @example "user names must not start with system:"
   */
  readonly message?: string;
}

/**
 * An OpenID Connect provider whose tokens the API server accepts: a JWT authenticator of its structured authentication configuration, field by field.
 * @validation {"rule": "!has(self.issuer.discoveryURL) || (self.issuer.discoveryURL != self.issuer.url && self.issuer.discoveryURL != self.issuer.url + '/' && self.issuer.discoveryURL + '/' != self.issuer.url)", "message": "issuer.discoveryURL must differ from issuer.url"}
 */
export interface JwtAuthenticator {
  /** The provider and the audiences of its tokens. */
  readonly issuer: JwtIssuer;
  /**
   * Rules every token must pass besides its signature, issuer, audience and expiry (`--oidc-required-claim`, CEL).
   * @optional
   * @maxItems 16
   * @validation {"rule": "self.all(a, !has(a.claim) || self.exists_one(b, has(b.claim) && b.claim == a.claim))", "message": "claims must be unique"}
   * @validation {"rule": "self.all(a, !has(a.expression) || self.exists_one(b, has(b.expression) && b.expression == a.expression))", "message": "expressions must be unique"}
   */
  readonly claimValidationRules?: readonly ClaimValidationRule[];
  /** How the claims become the user's attributes. */
  readonly claimMappings: ClaimMappings;
  /**
   * Rules every user from these tokens must pass, e.g. no `system:` names.
   * @optional
   * @maxItems 16
   * @validation {"rule": "self.all(a, self.exists_one(b, b.expression == a.expression))", "message": "expressions must be unique"}
   */
  readonly userValidationRules?: readonly UserValidationRule[];
}

/**
 * The OpenID Connect providers of the API server. An object around the list because CAPI compiles CEL rules with
 * the variable as their root, and a list at the root loses its items there.
 */
export interface OidcAuthentication {
  /**
   * OpenID Connect providers whose tokens the API server accepts: the `jwt` authenticators of its AuthenticationConfiguration, field by field. Changing them replaces the control-plane machines; a CEL expression the API server cannot compile keeps the new machines' API servers from starting, and the old machines stay until they do.
   * @default []
   * @maxItems 16
   * @validation {"rule": "self.all(a, self.exists_one(b, b.issuer.url == a.issuer.url))", "message": "issuer.url must be unique, the API server refuses two authenticators of one issuer"}
   * @validation {"rule": "self.all(a, !has(a.issuer.discoveryURL) || self.exists_one(b, has(b.issuer.discoveryURL) && b.issuer.discoveryURL == a.issuer.discoveryURL))", "message": "issuer.discoveryURL must be unique"}
   */
  readonly jwt?: readonly JwtAuthenticator[];
}

/**
 * The node and control-plane features that every stack's ClusterClass offers: registry mirrors, HTTP proxy,
 * time servers, certificate renewal and OpenID Connect providers of the API server.
 * @clusterClassVariables
 */
export interface ClusterFeatureVariables {
  /**
   * Pull-through mirrors of container registries, configured for containerd on every node.
   * @default []
   * @example [{"hostnameUpstream": "docker.io", "urlMirror": "https://registry.example.com/v2/dockerhub"}]
   */
  readonly registryMirrors?: readonly RegistryMirror[];
  /**
   * HTTP proxy of containerd (image pulls) and the kubelet on every node, as systemd drop-ins; off unless http or https is set.
   * @default {}
   * @example {"http": "http://proxy.example.com:3128", "https": "http://proxy.example.com:3128", "noProxy": [".example.com"]}
   */
  readonly httpProxy?: HttpProxy;
  /**
   * NTP servers every node synchronises its clock with (cloud-init's ntp module); empty keeps the node image's time settings.
   * @default []
   * @example ["ntp1.example.com", "192.0.2.123"]
   */
  readonly ntpServers?: readonly NtpServer[];
  /**
   * Replacement of control-plane machines before their certificates expire, so that a cluster without upgrades keeps valid certificates.
   * @default {}
   */
  readonly controlPlaneCertificateRenewal?: CertificateRenewal;
  /**
   * OpenID Connect authentication of the API server through its structured authentication configuration: several providers, claim mappings, CEL rules on claims and users.
   * @default {}
   * @example {"jwt": [{"issuer": {"url": "https://dex.example.com", "audiences": ["kubernetes"]}, "claimMappings": {"username": {"claim": "email", "prefix": "oidc:"}, "groups": {"claim": "groups", "prefix": "oidc:"}}}]}
   */
  readonly oidcAuthentication?: OidcAuthentication;
}
