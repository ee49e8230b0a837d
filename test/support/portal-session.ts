import { AccountsService } from '@app/identity';
import type { TestApp } from './test-app.js';

/** A browser-like portal session over app.inject: its cookies and the CSRF token of its forms. */
export interface PortalSession {
  readonly cookie: string;
  readonly csrf: string;
  /** The Set-Cookie header of the sign-in answer. */
  readonly setCookie: string;
  get(url: string): Promise<{ status: number; body: string; location: string | undefined }>;
  post(
    url: string,
    form: Record<string, string>,
    /** csrf: another token, or null for none; lang: the language cookie the browser would send. */
    options?: { csrf?: string | null; lang?: 'en' | 'fr' | 'ar' },
  ): Promise<{ status: number; body: string; location: string | undefined }>;
}

export const csrfOf = (html: string): string | undefined => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

const cookiesOf = (setCookie: string | string[] | undefined): Record<string, string> => {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return Object.fromEntries(list.map((c) => c.split(';')[0].split('=') as [string, string]));
};

/** Gives the account a password and signs it in through the portal's own sign-in form. */
export async function portalSignIn(t: TestApp, accountId: string, password = 'a long enough password'): Promise<PortalSession> {
  await t.app.get(AccountsService).setPassword(accountId, password);
  const account = await t.app.get(AccountsService).findById(accountId);
  const form = await t.app.inject({ method: 'GET', url: '/portal/sign-in' });
  const jar: Record<string, string> = cookiesOf(form.headers['set-cookie']);
  const signIn = await t.app.inject({
    method: 'POST',
    url: '/portal/sign-in',
    headers: { cookie: header(jar), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrfOf(form.body)!, email: account!.email, password }).toString(),
  });
  if (signIn.statusCode !== 303) throw new Error(`sign-in failed: ${signIn.statusCode} ${signIn.body.slice(0, 300)}`);
  Object.assign(jar, cookiesOf(signIn.headers['set-cookie']));
  const home = await t.app.inject({ method: 'GET', url: '/portal/home', headers: { cookie: header(jar) } });
  const csrf = csrfOf(home.body)!;
  const cookie = header(jar);
  const result = (r: { statusCode: number; body: string; headers: Record<string, unknown> }) => ({
    status: r.statusCode,
    body: r.body,
    location: r.headers['location'] as string | undefined,
  });
  return {
    cookie,
    csrf,
    setCookie: String(signIn.headers['set-cookie']),
    async get(url) {
      return result(await t.app.inject({ method: 'GET', url, headers: { cookie } }));
    },
    async post(url, fields, options = {}) {
      const token = options.csrf === undefined ? csrf : options.csrf;
      const payload = new URLSearchParams({ ...(token === null ? {} : { _csrf: token }), ...fields }).toString();
      return result(
        await t.app.inject({
          method: 'POST',
          url,
          headers: {
            cookie: options.lang ? `${cookie}; cft_lang=${options.lang}` : cookie,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload,
        }),
      );
    },
  };
}

function header(jar: Record<string, string>): string {
  return Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}
