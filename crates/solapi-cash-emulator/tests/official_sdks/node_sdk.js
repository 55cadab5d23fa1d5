// SOLAPI's official Node SDK (`solapi` 6.0.1, unchanged) against the emulator.
//
// Run by tests/official_sdks.rs with NODE_PATH pointing at the installed SDK and the
// emulator's address and credentials in SOLAPI_* variables. The SDK has no base URL
// setting, so the global `fetch` it calls is wrapped to send `https://api.solapi.com`
// requests to the emulator instead; nothing else changes. Each step records what the SDK
// returned or threw (its own error classes); the Rust test judges. Prints one JSON object.
'use strict';

const sdk = require('solapi');

const { SOLAPI_BASE_URL, SOLAPI_API_KEY, SOLAPI_API_SECRET } = process.env;
const SERVICE = 'https://api.solapi.com';

const realFetch = globalThis.fetch;
const seen = [];
globalThis.fetch = (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (!url.startsWith(SERVICE)) {
    throw new Error(`the SDK fetched an unexpected URL: ${url}`);
  }
  const target = SOLAPI_BASE_URL + url.slice(SERVICE.length);
  seen.push(`${(init && init.method) || 'GET'} ${url.slice(SERVICE.length)}`);
  return realFetch(target, init);
};

// What the SDK did: the value it resolved to, or the error it threw, with the fields its
// error classes carry.
async function outcome(call) {
  try {
    return { returned: await call() };
  } catch (e) {
    const fields = {};
    for (const key of ['_tag', 'errorCode', 'errorMessage', 'httpStatus', 'validationErrors']) {
      if (e && e[key] !== undefined) fields[key] = e[key];
    }
    const known = Object.entries(sdk).find(([, cls]) => typeof cls === 'function' && e instanceof cls);
    return { threw: known ? known[0] : (e && e.constructor && e.constructor.name), ...fields };
  }
}

async function main() {
  const balance = (key, secret) => new sdk.SolapiMessageService(key, secret).getBalance();
  const report = {
    sdk: require('solapi/package.json').version,
    balance: await outcome(() => balance(SOLAPI_API_KEY, SOLAPI_API_SECRET)),
    wrong_secret: await outcome(() => balance(SOLAPI_API_KEY, 'not-the-secret')),
    unknown_key: await outcome(() => balance('NCUNKNOWNKEY0000', SOLAPI_API_SECRET)),
  };
  report.requests = seen;
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((e) => {
  // A crash of the script itself, not an SDK outcome.
  console.error(e);
  process.exit(2);
});
