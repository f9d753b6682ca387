// The lab's own container registry: the CNCF distribution registry at the toolchain's pins (the one
// `npm run tools` installs for the publish tests), built here again by the lab from the same module and version,
// in a FROM-scratch image with its configuration and a small bcrypt htpasswd writer of the lab's own.
import { join } from 'node:path';
import { buildImage } from '../build/docker';
import type { Component } from '../build/component';
import { goBuild } from '../build/go-build';

/** Where the registry reads its configuration and the htpasswd file in the image. */
export const REGISTRY_CONFIG_DIR = '/etc/distribution';
export const REGISTRY_HTPASSWD = `${REGISTRY_CONFIG_DIR}/htpasswd`;
/** The port the registry serves plain HTTP on, inside its container. */
export const REGISTRY_PORT = 5000;

export function registryImageRef(version: string): string {
  return `cslab/registry:${version}`;
}

/**
 * The registry's configuration: filesystem storage in the container, plain HTTP on the port, every request
 * authenticated against the htpasswd file (bcrypt; the lab copies it in before the container starts), and
 * the access log on, so that a scenario can read which client asked for which manifest.
 */
export function registryConfig(): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  formatter: text',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    '    rootdirectory: /var/lib/registry',
    'http:',
    `  addr: ":${REGISTRY_PORT}"`,
    'auth:',
    '  htpasswd:',
    '    realm: cslab-registry',
    `    path: ${REGISTRY_HTPASSWD}`,
    '',
  ].join('\n');
}

/**
 * `lab-htpasswd USER` reads a password on stdin and prints `USER:<bcrypt hash>`, the only htpasswd format the
 * registry accepts. Written in Go because bcrypt is in the registry's own dependencies (golang.org/x/crypto)
 * and in no tool the lab can count on (openssl has none, Python's crypt module is gone in 3.13).
 */
const HTPASSWD_MAIN = `package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: lab-htpasswd USER (the password on stdin)")
		os.Exit(2)
	}
	password, err := bufio.NewReader(os.Stdin).ReadString('\\n')
	if err != nil && password == "" {
		fmt.Fprintln(os.Stderr, "lab-htpasswd: no password on stdin")
		os.Exit(1)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(strings.TrimRight(password, "\\n")), bcrypt.DefaultCost)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lab-htpasswd:", err)
		os.Exit(1)
	}
	fmt.Printf("%s:%s\\n", os.Args[1], hash)
}
`;

export const registryImage: Component = {
  id: 'registry-image',
  kind: 'image',
  title: 'the lab registry (CNCF distribution) and its htpasswd writer',
  recipe: 1,
  pins: ['REGISTRY_MODULE', 'REGISTRY_PACKAGE', 'REGISTRY_VERSION', 'REGISTRY_VERSION_VAR'],
  files: [],
  deps: [],
  async build(ctx) {
    const module = ctx.pins.get('REGISTRY_MODULE');
    const version = ctx.pins.get('REGISTRY_VERSION');
    const bin = join(ctx.out, 'bin');
    await goBuild(
      'registry',
      {
        requires: [{ module, version }],
        programs: [
          { pkg: ctx.pins.get('REGISTRY_PACKAGE') },
          { pkg: 'lab.local/registry/cmd/lab-htpasswd', binary: 'lab-htpasswd' },
        ],
        sources: { 'cmd/lab-htpasswd/main.go': HTPASSWD_MAIN },
        ldflags: `-X ${ctx.pins.get('REGISTRY_VERSION_VAR')}=${version}`,
      },
      ctx.work,
      bin,
      ctx.log,
    );
    const ref = registryImageRef(version);
    const id = await buildImage(
      {
        tags: [ref],
        dockerfile: [
          'FROM scratch',
          'COPY registry lab-htpasswd /usr/local/bin/',
          `COPY config.yml ${REGISTRY_CONFIG_DIR}/config.yml`,
          // No telemetry export attempts from the registry's OpenTelemetry setup.
          'ENV OTEL_TRACES_EXPORTER=none OTEL_SDK_DISABLED=true',
          `EXPOSE ${REGISTRY_PORT}`,
          `ENTRYPOINT ["/usr/local/bin/registry", "serve", "${REGISTRY_CONFIG_DIR}/config.yml"]`,
        ].join('\n'),
        files: {
          registry: { copy: join(bin, 'registry'), mode: 0o755 },
          'lab-htpasswd': { copy: join(bin, 'lab-htpasswd'), mode: 0o755 },
          'config.yml': { text: registryConfig() },
        },
      },
      join(ctx.work, 'context'),
      ctx.key,
      ctx.log,
    );
    return { images: { [ref]: id }, sources: [`${module}@${version}`, 'golang.org/x/crypto/bcrypt'] };
  },
};
