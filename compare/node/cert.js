'use strict';
// A throwaway self-signed certificate, made in memory at start with nothing but Node's built-in crypto.
//
// Node 20 has no API that issues an X.509 certificate, but it can make an EC P-256 key, export its public
// half as DER, and sign any bytes (ECDSA with SHA-256, DER-encoded). The missing part is the certificate's
// own structure (RFC 5280), a fixed DER layout that the few helpers below write. Why not something else:
// - the `openssl` binary is absent from slim Debian images (and from many CI containers) and would make the
//   server depend on a tool outside the lock file;
// - `selfsigned` 5.x pulls 23 packages (9 MB: pkijs, @peculiar/*, tsyringe...) into a lab that otherwise
//   needs only socket.io.
// The output is checked by `new X509Certificate(pem)` before use, so a malformed certificate fails at start.

const crypto = require('node:crypto');

// --- minimal DER writer: tag + length + content -------------------------------------------------------
function der(tag, ...parts) {
  const body = Buffer.concat(parts);
  const n = body.length;
  let len;
  if (n < 0x80) len = Buffer.from([n]);
  else if (n < 0x100) len = Buffer.from([0x81, n]);
  else len = Buffer.from([0x82, n >> 8, n & 0xff]); // certificates here stay far below 64 KiB
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const seq = (...parts) => der(0x30, ...parts);
const set = (...parts) => der(0x31, ...parts);
const octets = (buf) => der(0x04, buf);
const bitString = (buf) => der(0x03, Buffer.from([0]), buf); // 0 unused bits
const explicit = (n, inner) => der(0xa0 + n, inner); // [n] EXPLICIT, constructed
function oid(dotted) {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const v of rest) {
    const sevenBits = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) sevenBits.unshift((x & 0x7f) | 0x80);
    bytes.push(...sevenBits);
  }
  return der(0x06, Buffer.from(bytes));
}
function utcTime(date) { // YYMMDDHHMMSSZ, valid for years 1950-2049
  const iso = date.toISOString(); // 2026-01-27T10:11:12.345Z
  const text = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  return der(0x17, Buffer.from(text, 'ascii'));
}

const ECDSA_WITH_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

/**
 * Returns {key, cert} as PEM strings: an EC P-256 key and a certificate for DNS localhost and IP 127.0.0.1,
 * valid from an hour ago (clock skew) for `days` days.
 */
function selfSignedCertificate({ commonName = 'localhost', days = 2 } = {}) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = crypto.randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x40; // positive and minimally encoded
  const name = seq(set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(commonName, 'utf8'))))); // CN, UTF8String
  const notBefore = new Date(Date.now() - 3600 * 1000);
  const notAfter = new Date(notBefore.getTime() + days * 24 * 3600 * 1000);
  const subjectAltName = seq(
    der(0x82, Buffer.from('localhost', 'ascii')), // dNSName
    der(0x87, Buffer.from([127, 0, 0, 1])), // iPAddress
  );
  const extensions = seq(
    seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), octets(seq())), // basicConstraints, critical, not a CA
    seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))), // extKeyUsage: serverAuth
    seq(oid('2.5.29.17'), octets(subjectAltName)),
  );
  const tbs = seq(
    explicit(0, der(0x02, Buffer.from([2]))), // version v3
    der(0x02, serial),
    ECDSA_WITH_SHA256,
    name, // issuer = subject: self-signed
    seq(utcTime(notBefore), utcTime(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const signature = crypto.sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value
  const certDer = seq(tbs, ECDSA_WITH_SHA256, bitString(signature));
  const cert = '-----BEGIN CERTIFICATE-----\n' + certDer.toString('base64').match(/.{1,64}/g).join('\n') + '\n-----END CERTIFICATE-----\n';
  const x509 = new crypto.X509Certificate(cert); // throws if the DER above is malformed
  if (!x509.verify(publicKey) || !x509.checkPrivateKey(privateKey)) {
    throw new Error('generated certificate does not verify');
  }
  return { key: privateKey.export({ type: 'pkcs8', format: 'pem' }), cert };
}

module.exports = { selfSignedCertificate };
