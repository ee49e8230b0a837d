import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@app/config';
import { AccessTokens, AccountsService } from '@app/identity';
import { withDomain } from './context.js';

/** Creates a platform admin (or promotes an existing account) and prints an access token. */
export async function adminCreate(
  config: AppConfig,
  options: { email: string; name?: string; password?: string },
): Promise<void> {
  await withDomain(config, async (app) => {
    const accounts = app.get(AccountsService);
    let account = await accounts.findByEmail(options.email);
    let generatedPassword: string | undefined;
    if (account) {
      await accounts.promoteToPlatformAdmin(account.id, options.password);
      console.log(`The account ${account.email} exists; it is now an enabled platform admin.`);
    } else {
      generatedPassword = options.password ? undefined : randomBytes(15).toString('base64url');
      account = await accounts.create({
        email: options.email,
        displayName: options.name ?? options.email.split('@')[0],
        password: options.password ?? generatedPassword,
        grants: [{ role: 'platform_admin', organisationId: null }],
      });
      console.log(`Created the platform admin ${account.email}.`);
      if (generatedPassword) console.log(`Password (shown once): ${generatedPassword}`);
    }
    const token = await app.get(AccessTokens).issue(account.id);
    console.log(`Access token (valid ${token.expiresIn} s):\n${token.accessToken}`);
  });
}
