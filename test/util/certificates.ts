/**
 * Self-signed X.509 certificates made at test time with Node's crypto (an EC P-256 key signs a
 * DER certificate built here), so that tests can have certificates valid, expired or not yet valid
 * without openssl and without committed keys.
 */
import { createPrivateKey, generateKeyPairSync, KeyObject, sign } from 'crypto';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  return Buffer.from([0x80 + bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const base128: number[] = [];
    for (let x = n; ; x = Math.floor(x / 128)) {
      base128.unshift((x % 128) + (base128.length > 0 ? 0x80 : 0));
      if (x < 128) break;
    }
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280). */
function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'ascii')) : tlv(0x18, Buffer.from(iso, 'ascii'));
}

function name(commonName: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf-8')))));
}

function pem(type: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g)!;
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** A certificate and its private key, in PEM. */
export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * A self-signed certificate for `commonName`, valid from `notBefore` to `notAfter` (by default
 * from a day ago for a year).
 */
export function selfSignedCertificate(options: { commonName?: string; notBefore?: Date; notAfter?: Date } = {}): TestCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const subject = name(options.commonName ?? 'test.example.com');
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))), // version 3
    tlv(0x02, Buffer.from([0x01, 0x23, 0x45])), // serial number
    ecdsaWithSha256,
    subject,
    sequence(time(options.notBefore ?? new Date(Date.now() - DAY)), time(options.notAfter ?? new Date(Date.now() + 365 * DAY))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return { cert: pem('CERTIFICATE', der), key: keyPem(privateKey) };
}

function keyPem(key: KeyObject): string {
  return createPrivateKey(key.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Base64, as Secret `data` holds values. */
export function b64(text: string): string {
  return Buffer.from(text, 'utf-8').toString('base64');
}
