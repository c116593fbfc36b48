/**
 * The dev hub's TLS certificates: a throw-away certificate authority ("Clay Tray dev-hub CA") and a
 * server certificate it signs for the loopback names. A CA rather than one self-signed certificate,
 * so the simulator looks like a company network: trusting the CA's PEM (the extra CA setting,
 * --ca-file) is exactly what a user does for their company's root.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { generate } from 'selfsigned';

export const DEV_CA_NAME = 'Clay Tray dev-hub CA';

export interface DevCertificates {
  /** The authority's certificate (PEM): what a client trusts. */
  readonly caCert: string;
  /** The server's certificate (PEM), signed by the authority, for localhost, 127.0.0.1 and ::1. */
  readonly cert: string;
  readonly key: string;
}

/** selfsigned is a development dependency: the app never makes certificates, only the simulator does. */
async function generator(): Promise<typeof generate> {
  try {
    return (await import('selfsigned')).generate;
  } catch {
    throw new Error('making a TLS certificate needs the development dependencies: run npm install in the clay-tray repository.');
  }
}

export async function createDevCertificates(validDays = 30): Promise<DevCertificates> {
  const make = await generator();
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + validDays * 86_400_000);
  const ca = await make([{ name: 'commonName', value: DEV_CA_NAME }], {
    keySize: 2048,
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await make([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { caCert: ca.cert, cert: server.cert, key: server.private };
}

export interface DevCertificateFiles extends DevCertificates {
  /** The authority's certificate file: what the user trusts (--ca-file, the extra CA setting). */
  readonly caPath: string;
  /** False when earlier files were still valid and were kept, so a trusted CA stays trusted. */
  readonly created: boolean;
}

/**
 * The certificates in `dir`: the ones there when they are still valid for a day, else new ones
 * (the key readable by the owner only).
 */
export async function devCertificatesIn(dir: string): Promise<DevCertificateFiles> {
  const caPath = path.join(dir, 'dev-hub-ca.pem');
  const certPath = path.join(dir, 'dev-hub-server.pem');
  const keyPath = path.join(dir, 'dev-hub-server-key.pem');
  try {
    const kept = { caCert: readFileSync(caPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    const until = Math.min(Date.parse(new X509Certificate(kept.caCert).validTo), Date.parse(new X509Certificate(kept.cert).validTo));
    if (until > Date.now() + 86_400_000) return { ...kept, caPath, created: false };
  } catch {
    // Missing or unreadable: make new ones below.
  }
  const made = await createDevCertificates();
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, made.key, { mode: 0o600 });
  writeFileSync(certPath, made.cert);
  writeFileSync(caPath, made.caCert);
  return { ...made, caPath, created: true };
}
