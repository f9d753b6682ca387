// Webhook serving certificates the lab signs itself (openssl), in place of cert-manager.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../util/exec';
import type { CertificateRequest, SignedCertificate } from './components';

/** Signs one serving certificate per request with a fresh CA per request (as cert-manager's self-signed issuers do). */
export async function signCertificates(
  requests: readonly CertificateRequest[],
): Promise<Map<string, SignedCertificate>> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-certs-'));
  try {
    const out = new Map<string, SignedCertificate>();
    for (const [i, r] of requests.entries()) {
      const p = (f: string) => join(dir, `${i}-${f}`);
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '365',
        '-subj',
        `/CN=lab-ca-${r.secretName.slice(0, 50)}`,
        '-keyout',
        p('ca.key'),
        '-out',
        p('ca.crt'),
      ]);
      writeFileSync(
        p('ext'),
        `subjectAltName=${r.dnsNames.map((n) => `DNS:${n}`).join(',')}\nextendedKeyUsage=serverAuth\n`,
      );
      await run('openssl', [
        'req',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-subj',
        `/CN=${r.secretName.slice(0, 60)}`,
        '-keyout',
        p('tls.key'),
        '-out',
        p('tls.csr'),
      ]);
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        p('tls.csr'),
        '-CA',
        p('ca.crt'),
        '-CAkey',
        p('ca.key'),
        '-CAcreateserial',
        '-days',
        '365',
        '-extfile',
        p('ext'),
        '-out',
        p('tls.crt'),
      ]);
      out.set(r.ref, {
        caPem: readFileSync(p('ca.crt'), 'utf8'),
        certPem: readFileSync(p('tls.crt'), 'utf8'),
        keyPem: readFileSync(p('tls.key'), 'utf8'),
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
