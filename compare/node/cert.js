'use strict';
// A throwaway self-signed certificate, made in memory at start: EC P-256, SAN localhost and 127.0.0.1,
// valid for two days, like the Java server's. Node 20 cannot issue an X.509 certificate by itself;
// `selfsigned` is the package made for the job (pinned in package.json).

const selfsigned = require('selfsigned');

async function selfSignedCertificate({ days = 2 } = {}) {
  const notBeforeDate = new Date(Date.now() - 3600 * 1000); // tolerate small clock skew
  const notAfterDate = new Date(notBeforeDate.getTime() + days * 24 * 3600 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

module.exports = { selfSignedCertificate };
