// A real OpenID Connect provider (panva/oidc-provider) for the sign-in tests. Test use only.
//
//   node tests/oidc/provider.mjs [port]
//
// Listens on 127.0.0.1 only (port 0, the default, picks a free one) and prints one line,
//   OIDC_PROVIDER_READY <issuer>
// when it is ready. One confidential client, PKCE required, and the library's own development login and
// consent pages (devInteractions): type an account id from ACCOUNTS below; any password is accepted.
//
// Environment: OIDC_TEST_PORT (if no argument), OIDC_TEST_CLIENT_ID, OIDC_TEST_CLIENT_SECRET,
// OIDC_TEST_REDIRECT_URIS (space-separated), OIDC_TEST_STOP_WITH_STDIN=1 (exit when stdin closes).

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';

import Provider from 'oidc-provider';

const HOST = '127.0.0.1';
const port = Number(process.argv[2] ?? process.env.OIDC_TEST_PORT ?? 0);
const clientId = process.env.OIDC_TEST_CLIENT_ID ?? 'portal-test';
const clientSecret = process.env.OIDC_TEST_CLIENT_SECRET ?? 'portal-test-secret';
const redirectUris = (process.env.OIDC_TEST_REDIRECT_URIS ?? 'http://localhost/account/oidc/family/callback')
  .split(/\s+/)
  .filter(Boolean);

// The people who can sign in. `userinfoOnly` accounts put their e-mail address in the userinfo response
// and not in the ID token, as GOV.UK One Login does.
const ACCOUNTS = {
  'family-1': { email: 'family.one@example.com', email_verified: true, name: 'Family One' },
  'family-2': { email: 'family.two@example.com', email_verified: true, name: 'Family Two' },
  'linked-1': { email: 'local.parent@example.com', email_verified: true, name: 'Local Parent' },
  'unverified-1': { email: 'unverified@example.com', email_verified: false, name: 'Not Verified' },
  'userinfo-1': { email: 'userinfo.only@example.com', email_verified: true, name: 'Userinfo Only', userinfoOnly: true },
  'staff-1': {
    email: 'caseworker@wessex.example.gov.uk',
    email_verified: true,
    name: 'Case Worker',
    roles: ['sen_caseworker', 'not_a_portal_role'],
  },
  'staff-norole': {
    email: 'no.role@wessex.example.gov.uk',
    email_verified: true,
    name: 'No Role',
    roles: ['not_a_portal_role'],
  },
};

function findAccount(_ctx, id) {
  const account = ACCOUNTS[id];
  if (!account) return undefined;
  return {
    accountId: id,
    async claims(use) {
      const { userinfoOnly, ...claims } = account;
      if (userinfoOnly && use === 'id_token') return { sub: id };
      return { sub: id, ...claims };
    },
  };
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
    roles: ['roles'],
  },
  // Scope claims go in the ID token too (the library's default keeps them for userinfo only).
  conformIdTokenClaims: false,
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: { devInteractions: { enabled: true } },
  findAccount,
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
};

const server = createServer();
server.listen(port, HOST, () => {
  const issuer = `http://${HOST}:${server.address().port}`;
  const provider = new Provider(issuer, configuration);
  server.on('request', provider.callback());
  process.stdout.write(`OIDC_PROVIDER_READY ${issuer}\n`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Under a test runner, stop when the runner goes away (its end of our stdin closes), however it ended.
if (process.env.OIDC_TEST_STOP_WITH_STDIN === '1') {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
