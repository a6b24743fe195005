/**
 * A local stand-in for the Bot Framework token issuer: an OpenID metadata document and a JWKS on a loopback
 * port, and RS256 tokens signed with a test key (node:crypto only). Point the app at it with
 * `TEAMS_OPENID_METADATA_URL=issuer.metadataUrl` and `TEAMS_TOKEN_ISSUER=issuer.issuer`.
 *
 * It also stands in for Microsoft's login service on the way out: {@link FakeTokenIssuer.credentialsFactory} is a
 * botframework-connector credentials factory for one registration whose tokens name its app id (`appid`) and
 * tenant (`tid`), so the fake connector's recorded `authorization` headers say which registration sent each call.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory, TokenCredentials } from 'botframework-connector';

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
   * One registration's credentials, as botframework-connector's own factories give them: it accepts tokens whose
   * audience is `appId` only, and signs outbound calls with a token naming `appId` and `tenantId`.
   */
  credentialsFactory(appId: string, tenantId?: string): ServiceClientCredentialsFactory {
    const token = () => this.signOutbound(appId, tenantId);
    return new (class extends ServiceClientCredentialsFactory {
      async isValidAppId(candidate: string): Promise<boolean> {
        return candidate === appId;
      }
      async isAuthenticationDisabled(): Promise<boolean> {
        return false;
      }
      async createCredentials(candidate: string) {
        if (candidate !== appId) throw new Error(`no credentials for ${candidate}`);
        const value = token();
        return Object.assign(new TokenCredentials(value), { getToken: async () => value });
      }
    })();
  }

  /** A token as Microsoft's login service issues it to a bot for calling the Bot Connector. */
  signOutbound(appId: string, tenantId = 'botframework.com'): string {
    const now = Math.floor(Date.now() / 1000);
    return this.jwt({
      iss: `https://login.microsoftonline.com/${tenantId}/v2.0`,
      aud: 'https://api.botframework.com',
      appid: appId,
      tid: tenantId,
      nbf: now - 60,
      exp: now + 3600,
    });
  }

  private jwt(payload: Record<string, unknown>, key: KeyObject = this.key.privateKey): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(key);
    return `${input}.${signature.toString('base64url')}`;
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

/** The claims of a bearer token the bot sent (`authorization: Bearer <jwt>`), unverified: tests read who sent it. */
export function bearerClaims(authorization: unknown): { appid?: string; tid?: string; aud?: string } {
  const token = typeof authorization === 'string' ? authorization.replace(/^Bearer /, '') : '';
  const payload = token.split('.')[1];
  if (!payload) return {};
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as { appid?: string; tid?: string };
}
