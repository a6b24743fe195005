/**
 * The `TeamsAdapter` (a botbuilder `CloudAdapter`) with one correction: a token whose signature does not verify
 * is refused with 401, like every other invalid token. botframework-connector's JwtTokenExtractor rethrows
 * jsonwebtoken's own errors (`invalid signature`, `jwt malformed`, `jwt not active`) as they are, and the
 * CloudAdapter answers anything that is not an `AuthenticationError` with 500.
 */
// The module itself, not the package's index: the index also loads the AI planners, models, tokenizers (with
// their encoding tables) and the OpenAI client, which this bot never uses (see adapters/teams/README.md).
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import type { ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import {
  AuthenticationError,
  type BotFrameworkAuthentication,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';

const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError', 'SyntaxError']);
const UNAUTHORIZED = 401;

export class RoundtableBotAdapter extends TeamsAdapter {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    credentialsFactory?: ServiceClientCredentialsFactory,
  ) {
    super(options, credentialsFactory);
    refuseForgedTokens(this.botFrameworkAuthentication);
  }
}

function refuseForgedTokens(auth: BotFrameworkAuthentication): void {
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (...args) => {
    try {
      return await authenticate(...args);
    } catch (error) {
      if (error instanceof Error && JWT_ERRORS.has(error.name)) {
        throw new AuthenticationError('Unauthorized. The token is not valid.', UNAUTHORIZED);
      }
      throw error;
    }
  };
}
