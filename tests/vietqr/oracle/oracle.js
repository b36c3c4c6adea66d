// Independent decoders for tests/vietqr/test_oracle.py (after the research notes, section 2.4).
// stdin: a JSON list of payloads. stdout: a JSON list of what vietnam-qr-pay and promptparse read.
const { QRPay } = require('vietnam-qr-pay');
const pp = require('promptparse');

const payloads = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = payloads.map((arg) => {
  const q = new QRPay(arg);
  const g = pp.parse(arg, true, true);
  return {
    isValid: q.isValid,
    initMethod: q.initMethod ?? null,
    guid: q.provider.guid ?? null,
    service: q.provider.service ?? null,
    bankBin: q.consumer.bankBin ?? null,
    bankNumber: q.consumer.bankNumber ?? null,
    amount: q.amount ?? null,
    currency: q.currency ?? null,
    country: q.nation ?? null,
    merchantName: q.merchant.name ?? null,
    city: q.city ?? null,
    billNumber: q.additionalData.billNumber ?? null,
    reference: q.additionalData.reference ?? null,
    purpose: q.additionalData.purpose ?? null,
    rebuilt: q.build(),
    promptparseStrictOk: g !== null,
  };
});
process.stdout.write(JSON.stringify(out));
