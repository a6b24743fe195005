/**
 * A local stand-in for the Bot Framework token issuer: an OpenID metadata document and a JWKS on a loopback
 * port, and RS256 tokens signed with a test key (node:crypto only). Point the app at it with
 * `TEAMS_OPENID_METADATA_URL=issuer.metadataUrl` and `TEAMS_TOKEN_ISSUER=issuer.issuer`.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const TEST_ISSUER = 'https://api.botframework.test';

export class FakeTokenIssuer {
  readonly issuer = TEST_ISSUER;
  readonly kid = 'test-key-1';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** A second key the JWKS does not publish: tokens signed with it must be refused. */
  readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server: Server | undefined;
  private port = 0;

  get metadataUrl(): string {
    return `http://127.0.0.1:${this.port}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<void> {
    const jwk = this.key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/v1/.well-known/openidconfiguration')) {
        res.end(
          JSON.stringify({
            issuer: this.issuer,
            jwks_uri: `http://127.0.0.1:${this.port}/v1/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
          }),
        );
      } else if (req.url?.startsWith('/v1/keys')) {
        res.end(
          JSON.stringify({
            keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }],
          }),
        );
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /**
   * A token as the Bot Framework channel sends it: `aud` = the bot's app id, `serviceurl` = the activity's
   * service URL, valid for an hour unless `expiresInSeconds` says otherwise (negative: already expired).
   */
  sign(options: {
    audience: string;
    serviceUrl: string;
    expiresInSeconds?: number;
    issuer?: string;
    key?: KeyObject;
  }): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.expiresInSeconds ?? 3600);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = {
      iss: options.issuer ?? this.issuer,
      aud: options.audience,
      serviceurl: options.serviceUrl,
      nbf: Math.min(now, exp) - 600,
      iat: Math.min(now, exp) - 600,
      exp,
    };
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256')
      .update(input)
      .sign(options.key ?? this.key.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }
}
