import { createHash } from 'node:crypto';
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Principal } from '@app/identity';
import type { ImportReport, Progress } from '@app/learning';
import { PORTAL_LANGUAGES, PORTAL_MESSAGES, type PortalLanguage, type PortalMessages } from './portal-messages.js';
import { recordReason } from './record-reasons.js';

/**
 * The portal's pages, rendered on the server with Preact (every text and attribute escaped).
 * No JavaScript: every task is a form posted to the server. One small stylesheet, cached for a
 * year under a name that changes with its content; no web fonts (the system's fonts carry Arabic).
 * Right-to-left in Arabic through `dir` and logical CSS properties.
 */

export interface PageContext {
  readonly lang: PortalLanguage;
  readonly principal: Principal | undefined;
  readonly csrfToken: string;
  /** The page's own path (for the language links). */
  readonly path?: string;
  readonly notice?: string | undefined;
}

const html = (node: ComponentChildren): string => `<!DOCTYPE html>${renderToString(<>{node}</>)}`;

function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { ctx } = props;
  const m = PORTAL_MESSAGES[ctx.lang];
  const p = ctx.principal;
  const back = encodeURIComponent(ctx.path ?? '/portal/home');
  const notice = ctx.notice ? m.notices[ctx.notice] : undefined;
  return (
    <html lang={ctx.lang} dir={m.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · ${m.siteName}`}</title>
        <link rel="stylesheet" href={PORTAL_CSS_PATH} />
      </head>
      <body>
        <a class="skip" href="#main">
          {m.skip}
        </a>
        <header>
          <p class="site">{m.siteName}</p>
          <nav aria-label={m.languages}>
            <ul class="row">
              {PORTAL_LANGUAGES.map((lang) => (
                <li>
                  <a
                    href={`/portal/language?lang=${lang}&back=${back}`}
                    lang={lang}
                    hreflang={lang}
                    aria-current={lang === ctx.lang ? 'true' : undefined}
                  >
                    {PORTAL_MESSAGES[lang].languageName}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {p ? (
            <nav aria-label={m.nav} class="main-nav">
              <ul class="row">
                <li>
                  <a href="/portal/home">{m.home}</a>
                </li>
                <li>
                  <a href="/portal/credentials">{m.credentials}</a>
                </li>
                <li>
                  <a href="/portal/wallet">{m.walletTitle}</a>
                </li>
                {p.hasRole('trainer') || p.hasRole('org_admin') || p.isPlatformAdmin ? (
                  <li>
                    <a href="/portal/cohorts">{m.cohorts}</a>
                  </li>
                ) : null}
                {p.hasRole('org_admin') || p.isPlatformAdmin ? (
                  <li>
                    <a href="/portal/admin">{m.admin}</a>
                  </li>
                ) : null}
                <li>
                  <a href="/verify">{m.verify}</a>
                </li>
              </ul>
              <form method="post" action="/portal/sign-out" class="inline">
                <Csrf ctx={ctx} />
                <span class="muted">{m.signedInAs(p.displayName || p.email)}</span>{' '}
                <button type="submit" class="link">
                  {m.signOut}
                </button>
              </form>
            </nav>
          ) : null}
        </header>
        <main id="main">
          <h1>{props.title}</h1>
          {notice ? (
            <p class="notice" role="status">
              {notice}
            </p>
          ) : null}
          {props.children}
        </main>
        <footer>
          <p>{m.footer}</p>
        </footer>
      </body>
    </html>
  );
}

function Csrf(props: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />;
}

/** A person's or a programme's name: its own direction inside the page's. */
const Name = (props: { children: ComponentChildren }) => <bdi>{props.children}</bdi>;

const LtrText = (props: { children: ComponentChildren }) => (
  <span dir="ltr" class="ltr">
    {props.children}
  </span>
);

// ---- Generic pages ------------------------------------------------------------------------

export function renderMessagePage(
  ctx: PageContext,
  content: {
    title: string;
    text: string;
    detail?: string | undefined;
    /** The detail is in the page's language (else it is English, as the domain wrote it). */
    detailTranslated?: boolean;
  },
): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={content.title}>
      <div class="banner bad" role="alert">
        {content.text ? <p>{content.text}</p> : null}
        {content.detail ? (
          content.detailTranslated ? (
            <p data-detail>{content.detail}</p>
          ) : (
            <p lang="en" dir="ltr" data-detail>
              {content.detail}
            </p>
          )
        ) : null}
      </div>
      <p>
        <a href={ctx.principal ? '/portal/home' : '/portal/sign-in'}>{m.back}</a>
      </p>
    </Layout>,
  );
}

export function renderSignIn(ctx: PageContext, content: { next?: string | undefined; failed?: boolean; email?: string }): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.signInTitle}>
      {content.failed ? (
        <p class="banner bad" role="alert" id="sign-in-error">
          {m.signInFailed}
        </p>
      ) : null}
      <form method="post" action="/portal/sign-in" class="narrow">
        <Csrf ctx={ctx} />
        {content.next ? <input type="hidden" name="next" value={content.next} /> : null}
        <label for="email">{m.email}</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          dir="ltr"
          value={content.email ?? ''}
          aria-describedby={content.failed ? 'sign-in-error' : undefined}
        />
        <label for="password">{m.password}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required dir="ltr" />
        <button type="submit">{m.signInButton}</button>
      </form>
    </Layout>,
  );
}

export function renderWelcome(
  ctx: PageContext,
  content: { name: string; secret: string; minLength: number; error?: string | undefined },
): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.welcomeTitle}>
      <p>{m.welcomeText(content.name)}</p>
      {content.error ? (
        <p class="banner bad" role="alert" lang="en" dir="ltr">
          {content.error}
        </p>
      ) : null}
      <form method="post" action={`/portal/welcome/${content.secret}`} class="narrow">
        <Csrf ctx={ctx} />
        <label for="password">{m.newPassword}</label>
        <p class="hint" id="password-hint">
          {m.passwordHint(content.minLength)}
        </p>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minLength={content.minLength}
          required
          dir="ltr"
          aria-describedby="password-hint"
        />
        <button type="submit">{m.setPassword}</button>
      </form>
    </Layout>,
  );
}

// ---- Teachers and learners ----------------------------------------------------------------

export interface EnrolmentView {
  readonly programme: string;
  readonly cohort: string;
  readonly progress: Progress;
}

export interface CredentialListItem {
  readonly id: string;
  readonly programme: string;
  readonly state: string;
  readonly issuedAt: Date | null;
  readonly validUntil: Date | null;
  readonly holder?: string;
  /** Issued, but the holder's records were corrected since and no longer meet the rules. */
  readonly needsReview?: boolean;
}

const day = (d: Date | null, lang: PortalLanguage): string =>
  d ? new Intl.DateTimeFormat(lang === 'ar' ? 'ar-LB-u-nu-latn' : lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d) : '–';

function ProgressSummary(props: { m: PortalMessages; progress: Progress }) {
  const { m, progress: p } = props;
  return (
    <dl class="facts">
      <dt>{m.hours}</dt>
      <dd>
        <meter min={0} max={p.hoursRequired || 1} value={p.hoursDone} aria-hidden="true" />{' '}
        {m.hoursOf(p.hoursDone, p.hoursRequired)}
      </dd>
      <dt>{m.modules}</dt>
      <dd>{m.modulesOf(p.modulesDone, p.modulesRequired)}</dd>
      <dt>{m.assessments}</dt>
      <dd>{m.modulesOf(p.assessmentsPassed, p.assessmentsRequired)}</dd>
      <dt>{m.status}</dt>
      <dd data-eligible={String(p.eligible)}>{p.eligible ? m.eligible : m.inProgress}</dd>
    </dl>
  );
}

function Unmet(props: { m: PortalMessages; progress: Progress }) {
  if (props.progress.unmet.length === 0) return null;
  return (
    <ul class="unmet">
      {props.progress.unmet.map((u) => (
        <li data-unmet={u.code}>
          {u.code === 'attendance'
            ? props.m.unmetAttendance(u.module, u.attendedHours, u.requiredHours)
            : u.code === 'assessment_failed'
              ? props.m.unmetFailed(u.module, u.score, u.passMark)
              : props.m.unmetMissing(u.module)}
        </li>
      ))}
    </ul>
  );
}

export function renderHome(
  ctx: PageContext,
  content: { enrolments: EnrolmentView[]; credentials: CredentialListItem[] },
): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.home}>
      <section aria-labelledby="learning">
        <h2 id="learning">{m.myLearning}</h2>
        {content.enrolments.length === 0 ? <p>{m.noEnrolments}</p> : null}
        {content.enrolments.map((e) => (
          <article class="card">
            <h3>
              <Name>{e.programme}</Name>
            </h3>
            <p class="muted">
              {m.cohort}: <Name>{e.cohort}</Name>
            </p>
            <ProgressSummary m={m} progress={e.progress} />
            {e.progress.unmet.length > 0 ? (
              <>
                <h4>{m.unmet}</h4>
                <Unmet m={m} progress={e.progress} />
              </>
            ) : null}
          </article>
        ))}
      </section>
      <section aria-labelledby="creds">
        <h2 id="creds">{m.credentials}</h2>
        <CredentialTable ctx={ctx} items={content.credentials} />
      </section>
    </Layout>,
  );
}

function CredentialTable(props: { ctx: PageContext; items: CredentialListItem[]; admin?: boolean }) {
  const m = PORTAL_MESSAGES[props.ctx.lang];
  if (props.items.length === 0) return <p>{m.noCredentials}</p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            {props.admin ? <th scope="col">{m.participant}</th> : null}
            <th scope="col">{m.programme}</th>
            <th scope="col">{m.status}</th>
            <th scope="col">{m.issuedOn}</th>
            <th scope="col">
              <span class="visually-hidden">{m.open}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((c) => (
            <tr data-credential={c.id}>
              {props.admin ? (
                <td>
                  <Name>{c.holder ?? ''}</Name>
                </td>
              ) : null}
              <td>
                <Name>{c.programme}</Name>
              </td>
              <td data-state={c.state}>
                {m.state[c.state] ?? c.state}
                {props.admin && c.needsReview ? (
                  <>
                    {' '}
                    <strong class="badge" data-needs-review="">
                      {m.needsReview}
                    </strong>
                  </>
                ) : null}
              </td>
              <td>{day(c.issuedAt, props.ctx.lang)}</td>
              <td>
                <a href={`/portal/credentials/${c.id}`}>
                  {m.open}
                  <span class="visually-hidden">
                    {' '}
                    <Name>{c.programme}</Name>
                  </span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function renderCredentials(ctx: PageContext, items: CredentialListItem[]): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.credentials}>
      <CredentialTable ctx={ctx} items={items} />
    </Layout>,
  );
}

export interface WalletView {
  readonly holderDid: string | null;
  readonly linkedAt: Date | null;
  /** To link one: what the wallet signs. */
  readonly challenge: { readonly challenge: string; readonly domain: string; readonly expiresAt: string } | null;
  /** What was pasted, when it was refused, and why (in English, from the service). */
  readonly pasted?: string;
  readonly refusal?: string;
}

/** The learner's wallet DID: linked (with unlink) or how to link one (DID Authentication). */
export function renderWallet(ctx: PageContext, w: WalletView): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.walletTitle}>
      <p>{m.walletIntro}</p>
      {w.holderDid ? (
        <section aria-labelledby="linked" data-holder-did={w.holderDid}>
          <h2 id="linked">{m.walletLinked}</h2>
          <p>
            <LtrText>{w.holderDid}</LtrText>
          </p>
          {w.linkedAt ? (
            <p class="muted">
              {m.walletLinkedAt} {day(w.linkedAt, ctx.lang)}
            </p>
          ) : null}
          <form method="post" action="/portal/wallet/unlink">
            <Csrf ctx={ctx} />
            <button type="submit" class="danger">
              {m.walletUnlink}
            </button>
          </form>
        </section>
      ) : (
        <p data-holder-did="">{m.walletNone}</p>
      )}
      {w.refusal ? (
        <div class="banner bad" role="alert">
          <p>{m.walletRefused}</p>
          <p lang="en" dir="ltr" data-detail>
            {w.refusal}
          </p>
        </div>
      ) : null}
      {w.challenge ? (
        <form method="post" action="/portal/wallet">
          <Csrf ctx={ctx} />
          <p>{m.walletHow}</p>
          <dl>
            <dt>{m.walletChallenge}</dt>
            <dd>
              <code dir="ltr" class="ltr" data-challenge>
                {w.challenge.challenge}
              </code>
            </dd>
            <dt>{m.walletDomain}</dt>
            <dd>
              <code dir="ltr" class="ltr" data-domain>
                {w.challenge.domain}
              </code>
            </dd>
            <dt>{m.walletExpires}</dt>
            <dd>
              {new Intl.DateTimeFormat(ctx.lang, {
                dateStyle: 'long',
                timeStyle: 'short',
                timeZone: 'UTC',
              }).format(new Date(w.challenge.expiresAt))}{' '}
              UTC
            </dd>
          </dl>
          <label for="presentation">{m.walletPresentation}</label>
          <textarea id="presentation" name="presentation" rows={8} dir="ltr" required>
            {w.pasted ?? ''}
          </textarea>
          <button type="submit">{m.walletSubmit}</button>
        </form>
      ) : null}
    </Layout>,
  );
}

export interface CredentialPageView {
  readonly id: string;
  readonly programme: string;
  readonly holder: string;
  readonly state: string;
  readonly issuedAt: Date | null;
  readonly validUntil: Date | null;
  readonly reason: string | null;
  readonly isHolder: boolean;
  readonly isAdmin: boolean;
  readonly hasJwt: boolean;
  readonly shared: boolean;
  readonly publicUrl: string;
  readonly qrDataUrl: string | null;
  readonly linkedInUrl: string | null;
}

export function renderCredential(ctx: PageContext, c: CredentialPageView): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  const signed = ['active', 'suspended', 'revoked'].includes(c.state);
  return html(
    <Layout ctx={ctx} title={c.programme}>
      <dl class="facts">
        <dt>{m.participant}</dt>
        <dd>
          <Name>{c.holder}</Name>
        </dd>
        <dt>{m.status}</dt>
        <dd data-state={c.state}>
          <strong>{m.state[c.state] ?? c.state}</strong>
          {c.reason ? (
            <>
              {' '}
              (<bdi>{c.reason}</bdi>)
            </>
          ) : null}
        </dd>
        <dt>{m.issuedOn}</dt>
        <dd>{day(c.issuedAt, ctx.lang)}</dd>
        {c.validUntil ? (
          <>
            <dt>{m.validUntil}</dt>
            <dd>{day(c.validUntil, ctx.lang)}</dd>
          </>
        ) : null}
      </dl>
      {signed ? (
        <section aria-labelledby="downloads">
          <h2 id="downloads">{m.download}</h2>
          <ul>
            {c.state === 'active' ? (
              <li>
                <a href={`/credentials/${c.id}/certificate`} download>
                  {m.downloadPdf}
                </a>
              </li>
            ) : null}
            <li>
              <a href={`/credentials/${c.id}?format=ldp&download=1`} download>
                {m.downloadJson}
              </a>
            </li>
            {c.hasJwt ? (
              <li>
                <a href={`/credentials/${c.id}?format=jwt&download=1`} download>
                  {m.downloadJwt}
                </a>
              </li>
            ) : null}
          </ul>
          <p class="hint">{m.wallet}</p>
        </section>
      ) : null}
      {signed && c.isHolder ? (
        <section aria-labelledby="sharing">
          <h2 id="sharing">{m.sharing}</h2>
          <p data-shared={String(c.shared)}>{c.shared ? m.sharedText : m.notSharedText}</p>
          <form method="post" action={`/portal/credentials/${c.id}/sharing`}>
            <Csrf ctx={ctx} />
            <input type="hidden" name="shared" value={c.shared ? 'false' : 'true'} />
            <button type="submit">{c.shared ? m.stopSharing : m.share}</button>
          </form>
          {c.shared ? (
            <>
              <p>
                {m.publicLink}:{' '}
                <a href={c.publicUrl} id="public-link">
                  <LtrText>{c.publicUrl}</LtrText>
                </a>
              </p>
              {c.qrDataUrl ? <img src={c.qrDataUrl} alt={m.qrAlt} width={160} height={160} /> : null}
              {c.linkedInUrl ? (
                <p>
                  <a href={c.linkedInUrl} rel="noopener noreferrer">
                    {m.linkedIn}
                  </a>
                </p>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
      {c.isAdmin ? <StatusActions ctx={ctx} id={c.id} state={c.state} /> : null}
    </Layout>,
  );
}

function StatusActions(props: { ctx: PageContext; id: string; state: string }) {
  const m = PORTAL_MESSAGES[props.ctx.lang];
  const actions: Array<[string, string]> =
    props.state === 'active'
      ? [
          ['suspend', m.suspend],
          ['revoke', m.revoke],
          ['reissue', m.reissue],
        ]
      : props.state === 'suspended'
        ? [
            ['reinstate', m.reinstate],
            ['revoke', m.revoke],
          ]
        : props.state === 'awaiting_approval'
          ? [
              ['approve', m.approve],
              ['reject', m.reject],
            ]
          : props.state === 'rejected'
            ? [['approve', m.approve]]
            : [];
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby="status-actions">
      <h2 id="status-actions">{m.statusActions}</h2>
      <form method="post" action={`/portal/credentials/${props.id}/status`}>
        <Csrf ctx={props.ctx} />
        <label for="reason">{m.reasonLabel}</label>
        <input id="reason" name="reason" type="text" maxLength={500} />
        <div class="row">
          {actions.map(([action, label]) => (
            <button type="submit" name="action" value={action} class={action === 'revoke' ? 'danger' : undefined}>
              {label}
            </button>
          ))}
        </div>
      </form>
    </section>
  );
}

// ---- Trainers -----------------------------------------------------------------------------

export interface CohortListItem {
  readonly id: string;
  readonly name: string;
  readonly programme: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

export function renderCohorts(ctx: PageContext, cohorts: CohortListItem[]): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.cohortsTitle}>
      {cohorts.length === 0 ? <p>{m.noCohorts}</p> : null}
      <ul class="cards">
        {cohorts.map((c) => (
          <li class="card">
            <a href={`/portal/cohorts/${c.id}`}>
              <Name>{c.name}</Name>
            </a>
            <p class="muted">
              <Name>{c.programme}</Name> · <LtrText>{`${c.startsOn} – ${c.endsOn}`}</LtrText>
            </p>
          </li>
        ))}
      </ul>
    </Layout>,
  );
}

export interface ParticipantRow {
  readonly enrolmentId: string;
  readonly name: string;
  readonly email: string;
  readonly progress: Progress;
}

export interface CohortPageView {
  readonly id: string;
  readonly name: string;
  readonly programme: string;
  readonly modules: ReadonlyArray<{ code: string; title: string; assessed: boolean }>;
  readonly sessions: ReadonlyArray<{ id: string; module: string; heldOn: string; hours: number }>;
  readonly participants: ParticipantRow[];
  readonly trainers: ReadonlyArray<{ displayName: string; email: string }>;
  readonly canRecord: boolean;
  readonly canAdminister: boolean;
  readonly csvColumns: readonly string[];
}

export function renderCohort(ctx: PageContext, c: CohortPageView): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  const base = `/portal/cohorts/${c.id}`;
  return html(
    <Layout ctx={ctx} title={c.name}>
      <p class="muted">
        {m.programme}: <Name>{c.programme}</Name>
      </p>
      <section aria-labelledby="participants">
        <h2 id="participants">{m.participants}</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.participant}</th>
                <th scope="col">{m.hours}</th>
                <th scope="col">{m.modules}</th>
                <th scope="col">{m.assessments}</th>
                <th scope="col">{m.unmet}</th>
                {c.canRecord || c.canAdminister ? (
                  <th scope="col">
                    <span class="visually-hidden">
                      {m.records}, {m.signInLink}
                    </span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {c.participants.map((p) => (
                <tr data-enrolment={p.enrolmentId} data-eligible={String(p.progress.eligible)}>
                  <th scope="row">
                    <Name>{p.name}</Name>
                    <br />
                    <small dir="ltr">{p.email}</small>
                  </th>
                  <td>{m.hoursOf(p.progress.hoursDone, p.progress.hoursRequired)}</td>
                  <td>{m.modulesOf(p.progress.modulesDone, p.progress.modulesRequired)}</td>
                  <td>{m.modulesOf(p.progress.assessmentsPassed, p.progress.assessmentsRequired)}</td>
                  <td>{p.progress.eligible ? m.eligible : <Unmet m={m} progress={p.progress} />}</td>
                  {c.canRecord || c.canAdminister ? (
                    <td>
                      <a href={`${base}/participants/${p.enrolmentId}/records`}>
                        {m.records}
                        <span class="visually-hidden">
                          {' '}
                          <Name>{p.name}</Name>
                        </span>
                      </a>{' '}
                      <form method="post" action={`${base}/participants/${p.enrolmentId}/sign-in-link`} class="inline">
                        <Csrf ctx={ctx} />
                        <button type="submit" class="link">
                          {m.signInLink}
                          <span class="visually-hidden">
                            {' '}
                            <Name>{p.name}</Name>
                          </span>
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="sessions">
        <h2 id="sessions">{m.sessions}</h2>
        <ul>
          {c.sessions.map((s) => (
            <li>
              <LtrText>{s.heldOn}</LtrText> · {s.module} · {s.hours} h
              {c.canRecord ? (
                <>
                  {' '}
                  · <a href={`${base}/sessions/${s.id}`}>{m.attendanceSheet}</a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
        {c.canRecord ? (
          <form method="post" action={`${base}/sessions`} class="grid3">
            <Csrf ctx={ctx} />
            <h3 class="span">{m.newSession}</h3>
            <ModuleSelect ctx={ctx} modules={c.modules} id="session-module" />
            <div>
              <label for="session-date">{m.date}</label>
              <input id="session-date" name="heldOn" type="date" required />
            </div>
            <div>
              <label for="session-hours">{m.hours}</label>
              <input id="session-hours" name="hours" type="number" min="0.25" max="24" step="0.25" required />
            </div>
            <button type="submit">{m.createSession}</button>
          </form>
        ) : null}
      </section>
      {c.canRecord ? (
        <>
          <section aria-labelledby="scores">
            <h2 id="scores">{m.scoresTitle}</h2>
            <ul class="row">
              {c.modules.map((mod) => (
                <li>
                  <a href={`${base}/modules/${encodeURIComponent(mod.code)}`}>
                    {mod.code} · <Name>{mod.title}</Name>
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="import">
            <h2 id="import">{m.importTitle}</h2>
            <form method="post" action={`${base}/import`} enctype="multipart/form-data">
              <Csrf ctx={ctx} />
              <label for="csv">{m.file}</label>
              <p class="hint" id="csv-hint">
                {m.importHint(c.csvColumns.join(', '))}
              </p>
              <input id="csv" name="file" type="file" accept=".csv,text/csv" required aria-describedby="csv-hint" />
              <label class="check">
                <input type="checkbox" name="partial" value="true" /> {m.importPartial}
              </label>
              <button type="submit">{m.importButton}</button>
            </form>
          </section>
          <section aria-labelledby="evidence">
            <h2 id="evidence">{m.evidenceTitle}</h2>
            <form method="post" action={`${base}/evidence`} enctype="multipart/form-data" class="grid3">
              <Csrf ctx={ctx} />
              <div>
                <label for="evidence-participant">{m.participant}</label>
                <select id="evidence-participant" name="enrolmentId" required>
                  {c.participants.map((p) => (
                    <option value={p.enrolmentId}>{p.name}</option>
                  ))}
                </select>
              </div>
              <ModuleSelect ctx={ctx} modules={c.modules} id="evidence-module" />
              <div>
                <label for="evidence-file">{m.file}</label>
                <input
                  id="evidence-file"
                  name="file"
                  type="file"
                  accept="application/pdf,image/png,image/jpeg"
                  required
                  aria-describedby="evidence-hint"
                />
              </div>
              <p class="hint span" id="evidence-hint">
                {m.evidenceHint}
              </p>
              <button type="submit">{m.upload}</button>
            </form>
          </section>
        </>
      ) : null}
      <section aria-labelledby="enrol">
        <h2 id="enrol">{m.enrolTitle}</h2>
        <form method="post" action={`${base}/enrolments`}>
          <Csrf ctx={ctx} />
          <label for="participants-list">{m.participants}</label>
          <p class="hint" id="participants-hint">
            {m.enrolHint}
          </p>
          <textarea id="participants-list" name="participants" rows={5} required aria-describedby="participants-hint" />
          <button type="submit">{m.enrolButton}</button>
        </form>
      </section>
      <section aria-labelledby="trainers">
        <h2 id="trainers">{m.trainers}</h2>
        <ul>
          {c.trainers.map((t) => (
            <li>
              <Name>{t.displayName}</Name> <small dir="ltr">{t.email}</small>
            </li>
          ))}
        </ul>
        {c.canAdminister ? (
          <form method="post" action={`${base}/trainers`} class="grid3">
            <Csrf ctx={ctx} />
            <h3 class="span">{m.assignTrainer}</h3>
            <div>
              <label for="trainer-name">{m.name}</label>
              <input id="trainer-name" name="displayName" type="text" maxLength={200} />
            </div>
            <div>
              <label for="trainer-email">{m.email}</label>
              <input id="trainer-email" name="email" type="email" required dir="ltr" />
            </div>
            <button type="submit">{m.assignButton}</button>
          </form>
        ) : null}
      </section>
    </Layout>,
  );
}

function ModuleSelect(props: {
  ctx: PageContext;
  modules: CohortPageView['modules'];
  id: string;
  selected?: string | undefined;
}) {
  const m = PORTAL_MESSAGES[props.ctx.lang];
  return (
    <div>
      <label for={props.id}>{m.module}</label>
      <select id={props.id} name="module" required>
        {props.modules.map((mod) => (
          <option value={mod.code} selected={mod.code === props.selected}>
            {`${mod.code} · ${mod.title}`}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface SheetView {
  readonly cohortId: string;
  readonly cohortName: string;
  readonly title: string;
  readonly action: string;
  readonly hours: number;
  readonly participants: ReadonlyArray<{ enrolmentId: string; name: string; recorded?: number | null }>;
  readonly kind: 'attendance' | 'module';
  readonly assessed?: boolean;
}

/** The attendance sheet (everyone present with the class's hours) or a module's completion and scores. */
export function renderSheet(ctx: PageContext, s: SheetView): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={s.title}>
      <p>
        <a href={`/portal/cohorts/${s.cohortId}`}>
          <Name>{s.cohortName}</Name>
        </a>
      </p>
      {s.kind === 'attendance' ? <p class="hint">{m.allPresentHint}</p> : null}
      <form method="post" action={s.action}>
        <Csrf ctx={ctx} />
        <div class="scroll">
          <table class="sheet">
            <thead>
              <tr>
                <th scope="col">{m.participant}</th>
                {s.kind === 'attendance' ? (
                  <>
                    <th scope="col">{m.present}</th>
                    <th scope="col">{m.hours}</th>
                  </>
                ) : (
                  <>
                    <th scope="col">{m.completed}</th>
                    {s.assessed ? <th scope="col">{m.score}</th> : null}
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {s.participants.map((p, i) => (
                <tr>
                  <th scope="row" id={`p${i}`}>
                    <Name>{p.name}</Name>
                  </th>
                  {s.kind === 'attendance' ? (
                    <>
                      <td>
                        <input
                          type="checkbox"
                          name={`present.${p.enrolmentId}`}
                          value="on"
                          checked
                          aria-labelledby={`p${i}`}
                          id={`present-${i}`}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          name={`hours.${p.enrolmentId}`}
                          value={String(p.recorded ?? s.hours)}
                          min="0"
                          max="24"
                          step="0.25"
                          aria-label={`${m.hours}: ${p.name}`}
                          class="num"
                        />
                      </td>
                    </>
                  ) : (
                    <>
                      <td>
                        <input
                          type="checkbox"
                          name={`completed.${p.enrolmentId}`}
                          value="on"
                          aria-label={`${m.completed}: ${p.name}`}
                        />
                      </td>
                      {s.assessed ? (
                        <td>
                          <input
                            type="number"
                            name={`score.${p.enrolmentId}`}
                            min="0"
                            max="100"
                            step="1"
                            aria-label={`${m.score}: ${p.name}`}
                            class="num"
                          />
                        </td>
                      ) : null}
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button type="submit">{s.kind === 'attendance' ? m.saveAttendance : m.saveScores}</button>
      </form>
    </Layout>,
  );
}

export interface RecordsView {
  readonly cohortId: string;
  readonly cohortName: string;
  readonly name: string;
  readonly email: string;
  /** The viewer is a trainer of the cohort and the participant still enrolled. */
  readonly canWithdraw: boolean;
  readonly records: ReadonlyArray<{
    id: string;
    kind: string;
    module: string;
    date: string | null;
    hours: number | null;
    score: number | null;
    passed: boolean | null;
    evidenceName: string | null;
    corrected: boolean;
    recordedAt: string;
  }>;
}

const kindName = (m: PortalMessages, kind: string): string =>
  kind in m.recordKinds ? m.recordKinds[kind as keyof PortalMessages['recordKinds']] : kind;

/** A participant's records in force, each with a form to withdraw one made by mistake. */
/** A record's reason field and its button (to correct or to withdraw it), named after its row. */
function ReasonAndButton(props: { row: number; label: string; of: string; button: string }) {
  const i = props.row;
  return (
    <>
      <input
        type="text"
        name="reason"
        required
        minLength={3}
        maxLength={500}
        aria-label={`${props.label} (${props.of})`}
        aria-describedby={`r${i}`}
        placeholder={props.label}
      />{' '}
      <button type="submit" aria-describedby={`r${i} m${i} d${i}`}>
        {props.button}
      </button>
    </>
  );
}

export function renderRecords(ctx: PageContext, v: RecordsView): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.recordsTitle(v.name)}>
      <p>
        <a href={`/portal/cohorts/${v.cohortId}`}>
          <Name>{v.cohortName}</Name>
        </a>{' '}
        · <small dir="ltr">{v.email}</small>
      </p>
      <p class="hint">{m.recordsHint}</p>
      {v.records.length === 0 ? (
        <p>{m.noRecords}</p>
      ) : (
        <div class="scroll">
          <table data-records>
            <thead>
              <tr>
                <th scope="col">{m.recordKind}</th>
                <th scope="col">{m.module}</th>
                <th scope="col">{m.date}</th>
                <th scope="col">{m.recordValue}</th>
                <th scope="col">{m.recordedOn}</th>
                {v.canWithdraw ? <th scope="col">{m.changeRecord}</th> : null}
              </tr>
            </thead>
            <tbody>
              {v.records.map((r, i) => {
                // What a control on this row is about, for a screen reader: kind, module, date.
                const rowName = [kindName(m, r.kind), r.module, ...(r.date ? [r.date] : [])].join(', ');
                return (
                  <tr data-record={r.id} data-kind={r.kind}>
                    <th scope="row" id={`r${i}`}>
                      {kindName(m, r.kind)}
                      {r.corrected ? (
                        <>
                          {' '}
                          <small>({m.recordCorrected})</small>
                        </>
                      ) : null}
                    </th>
                    <td id={`m${i}`}>{r.module}</td>
                    <td id={`d${i}`}>{r.date ? <LtrText>{r.date}</LtrText> : null}</td>
                    <td>
                      {r.hours !== null ? `${r.hours} h` : null}
                      {r.score !== null
                        ? `${r.score}${r.passed === null ? '' : r.passed ? ` (${m.passed})` : ` (${m.notPassed})`}`
                        : null}
                      {r.evidenceName !== null ? <Name>{r.evidenceName}</Name> : null}
                    </td>
                    <td>
                      <LtrText>{r.recordedAt}</LtrText>
                    </td>
                    {v.canWithdraw ? (
                      <td>
                        {r.kind === 'attendance' || r.kind === 'assessment' ? (
                          <form
                            method="post"
                            action={`/portal/cohorts/${v.cohortId}/records/${r.id}/correction`}
                            class="inline"
                            data-correct
                          >
                            <Csrf ctx={ctx} />
                            <input
                              type="number"
                              {...(r.kind === 'attendance'
                                ? { name: 'hours', value: String(r.hours ?? ''), min: '0.25', max: '24', step: '0.25' }
                                : { name: 'score', value: String(r.score ?? ''), min: '0', max: '100', step: '1' })}
                              required
                              class="num"
                              aria-label={`${r.kind === 'attendance' ? m.hours : m.score} (${rowName})`}
                              aria-describedby={`r${i}`}
                            />{' '}
                            <ReasonAndButton row={i} label={m.correctReason} of={rowName} button={m.correctRecord} />
                          </form>
                        ) : null}
                        <form method="post" action={`/portal/cohorts/${v.cohortId}/records/${r.id}/retraction`} class="inline">
                          <Csrf ctx={ctx} />
                          <ReasonAndButton row={i} label={m.withdrawReason} of={rowName} button={m.withdrawRecord} />
                        </form>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>,
  );
}

export function renderImportReport(
  ctx: PageContext,
  content: { cohortId: string; cohortName: string; report: ImportReport },
): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  const r = content.report;
  return html(
    <Layout ctx={ctx} title={m.importReport}>
      <p>
        <a href={`/portal/cohorts/${content.cohortId}`}>
          <Name>{content.cohortName}</Name>
        </a>
      </p>
      {r.alreadyImported ? <p class="notice">{m.alreadyImported}</p> : null}
      <dl class="facts" data-report>
        <dt>{m.rows}</dt>
        <dd data-rows>{r.rows}</dd>
        <dt>{m.applied}</dt>
        <dd data-applied>{r.applied}</dd>
        <dt>{m.unchanged}</dt>
        <dd>{r.unchanged}</dd>
        <dt>{m.rejected}</dt>
        <dd data-rejected>{r.rejected}</dd>
        <dt>{m.nowEligible}</dt>
        <dd>{r.eligible}</dd>
      </dl>
      {r.errors.length > 0 ? (
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{m.line}</th>
                <th scope="col">{m.reason}</th>
              </tr>
            </thead>
            <tbody>
              {r.errors.map((e) => {
                // In the reader's language when the reason came as a phrase; else as written, in English.
                const said = recordReason(ctx.lang, e.phrase);
                return (
                  <tr>
                    <td>{e.line}</td>
                    {said === undefined ? (
                      <td lang="en" dir="ltr">
                        {e.reason}
                      </td>
                    ) : (
                      <td data-reason={e.phrase?.key}>{said}</td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </Layout>,
  );
}

export function renderSignInLink(
  ctx: PageContext,
  content: { cohortId: string; name: string; url: string; qrDataUrl: string; days: number },
): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.signInLinkTitle(content.name)}>
      <p>{m.signInLinkText(content.days)}</p>
      <p>
        <a href={content.url} id="sign-in-link">
          <LtrText>{content.url}</LtrText>
        </a>
      </p>
      <img src={content.qrDataUrl} alt={m.qrAlt} width={200} height={200} />
      <p>
        <a href={`/portal/cohorts/${content.cohortId}`}>{m.back}</a>
      </p>
    </Layout>,
  );
}

// ---- Administrators -----------------------------------------------------------------------

export interface AdminOrganisationView {
  readonly id: string;
  readonly name: string;
  readonly did: string;
  readonly programmes: ReadonlyArray<{ id: string; name: string; hours: number; version: number }>;
  readonly cohorts: CohortListItem[];
  readonly pending: CredentialListItem[];
  readonly recent: CredentialListItem[];
}

export function renderAdmin(ctx: PageContext, organisations: AdminOrganisationView[]): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  return html(
    <Layout ctx={ctx} title={m.adminTitle}>
      {organisations.map((o) => (
        <section aria-labelledby={`org-${o.id}`} class="card">
          <h2 id={`org-${o.id}`}>
            <Name>{o.name}</Name>
          </h2>
          <p class="did">
            <LtrText>{o.did}</LtrText>
          </p>
          <h3>{m.programmes}</h3>
          <ul>
            {o.programmes.map((p) => (
              <li>
                <Name>{p.name}</Name> · {p.hours} h · v{p.version}
              </li>
            ))}
          </ul>
          <p class="row">
            <a href={`/portal/admin/${o.id}/programmes/new`}>{m.newProgramme}</a>
            <a href={`/portal/admin/${o.id}/cohorts/new`}>{m.newCohort}</a>
            <a href={`/portal/admin/${o.id}/audit`}>{m.auditLog}</a>
          </p>
          <h3>{m.cohortsTitle}</h3>
          <ul>
            {o.cohorts.map((c) => (
              <li>
                <a href={`/portal/cohorts/${c.id}`}>
                  <Name>{c.name}</Name>
                </a>{' '}
                · <Name>{c.programme}</Name>
              </li>
            ))}
          </ul>
          <h3>{m.pendingApprovals}</h3>
          {o.pending.length === 0 ? <p>{m.none}</p> : <CredentialTable ctx={ctx} items={o.pending} admin />}
          <h3>{m.credentialsIssued}</h3>
          <CredentialTable ctx={ctx} items={o.recent} admin />
          <h3>{m.keys}</h3>
          <form method="post" action={`/portal/admin/${o.id}/keys/rotate`}>
            <Csrf ctx={ctx} />
            <p class="hint">{m.rotateHint}</p>
            <button type="submit">{m.rotateKey}</button>
          </form>
        </section>
      ))}
    </Layout>,
  );
}

export interface ProgrammeFormView {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly programmes: ReadonlyArray<{ id: string; name: string }>;
  readonly competencies: ReadonlyArray<{ code: string; name: string }>;
  readonly values?: Record<string, string>;
  readonly error?: FormProblem;
}

export function renderProgrammeForm(ctx: PageContext, f: ProgrammeFormView): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  const v = f.values ?? {};
  const text = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <div>
      <label for={`f-${name}`}>{label}</label>
      <input id={`f-${name}`} name={name} type="text" value={v[name] ?? ''} {...extra} />
    </div>
  );
  return html(
    <Layout ctx={ctx} title={m.newProgramme}>
      <p class="muted">
        {m.organisation}: <Name>{f.organisationName}</Name>
      </p>
      <FormError error={f.error} />
      <form method="post" action={`/portal/admin/${f.organisationId}/programmes`} class="grid2">
        <Csrf ctx={ctx} />
        {text('slug', m.slug, { required: true, dir: 'ltr', pattern: '[a-z0-9]+(-[a-z0-9]+)*' })}
        {text('nameEn', m.titleEn, { required: true, dir: 'auto' })}
        {text('nameFr', m.titleFr, { lang: 'fr', dir: 'auto' })}
        {text('nameAr', m.titleAr, { lang: 'ar', dir: 'auto' })}
        <div class="span">
          <label for="f-description">{m.description}</label>
          <textarea id="f-description" name="description" rows={2} required dir="auto">
            {v['description'] ?? ''}
          </textarea>
        </div>
        <div class="span">
          <label for="f-criteria">{m.criteria}</label>
          <textarea id="f-criteria" name="criteria" rows={2} required dir="auto">
            {v['criteria'] ?? ''}
          </textarea>
        </div>
        <div>
          <label for="f-type">{m.achievementType}</label>
          <select id="f-type" name="achievementType">
            {['MicroCredential', 'CertificateOfCompletion', 'Certificate', 'Course', 'Badge'].map((t) => (
              <option value={t} selected={v['achievementType'] === t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-mode">{m.issuanceMode}</label>
          <select id="f-mode" name="issuanceMode">
            <option value="automatic">{m.automatic}</option>
            <option value="approval" selected={v['issuanceMode'] === 'approval'}>
              {m.approval}
            </option>
          </select>
        </div>
        {text('minAttendancePercent', m.minAttendance, { type: 'number', min: 0, max: 100, required: true })}
        {text('passMark', m.passMark, { type: 'number', min: 0, max: 100, required: true })}
        <div class="span">
          <label for="f-required">{m.requiredTrainerProgramme}</label>
          <select id="f-required" name="requiredTrainerProgrammeId">
            <option value="">{m.noRequirement}</option>
            {f.programmes.map((p) => (
              <option value={p.id} selected={v['requiredTrainerProgrammeId'] === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="span">
          <label for="f-modules">{m.modules}</label>
          <p class="hint" id="modules-hint">
            {m.modulesHint}
          </p>
          <textarea id="f-modules" name="modules" rows={6} required dir="auto" aria-describedby="modules-hint competencies-list">
            {v['modules'] ?? ''}
          </textarea>
          <details id="competencies-list">
            <summary>{m.competencyFramework}</summary>
            <ul class="columns">
              {f.competencies.map((c) => (
                <li>
                  <LtrText>{c.code}</LtrText> <Name>{c.name}</Name>
                </li>
              ))}
            </ul>
          </details>
        </div>
        <button type="submit">{m.create}</button>
      </form>
    </Layout>,
  );
}

/**
 * What was wrong with a form: in the page's language when the portal said it (`translated`), else
 * as the domain or the validator wrote it, in English.
 */
export interface FormProblem {
  readonly message: string;
  readonly details: string[];
  readonly translated?: boolean;
}

function FormError(props: { error?: FormProblem | undefined }) {
  if (!props.error) return null;
  const english = props.error.translated ? {} : { lang: 'en', dir: 'ltr' as const };
  return (
    <div class="banner bad" role="alert" {...english}>
      <p>{props.error.message}</p>
      {props.error.details.length ? (
        <ul>
          {props.error.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export interface CohortFormView {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly programmes: ReadonlyArray<{ id: string; name: string }>;
  readonly values?: Record<string, string>;
  readonly error?: FormProblem;
}

export function renderCohortForm(ctx: PageContext, f: CohortFormView): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  const v = f.values ?? {};
  return html(
    <Layout ctx={ctx} title={m.newCohort}>
      <p class="muted">
        {m.organisation}: <Name>{f.organisationName}</Name>
      </p>
      <FormError error={f.error} />
      <form method="post" action={`/portal/admin/${f.organisationId}/cohorts`} class="grid2">
        <Csrf ctx={ctx} />
        <div class="span">
          <label for="c-programme">{m.programme}</label>
          <select id="c-programme" name="programmeId" required>
            {f.programmes.map((p) => (
              <option value={p.id} selected={v['programmeId'] === p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div class="span">
          <label for="c-name">{m.name}</label>
          <input id="c-name" name="name" type="text" required maxLength={200} value={v['name'] ?? ''} dir="auto" />
        </div>
        <div>
          <label for="c-start">{m.startsOn}</label>
          <input id="c-start" name="startsOn" type="date" required value={v['startsOn'] ?? ''} />
        </div>
        <div>
          <label for="c-end">{m.endsOn}</label>
          <input id="c-end" name="endsOn" type="date" required value={v['endsOn'] ?? ''} />
        </div>
        <div>
          <label for="c-mode">{m.mode}</label>
          <select id="c-mode" name="mode">
            {Object.entries(m.modes).map(([value, label]) => (
              <option value={value} selected={v['mode'] === value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="c-lang">{m.teachingLanguage}</label>
          <select id="c-lang" name="language">
            {PORTAL_LANGUAGES.map((lang) => (
              <option value={lang} selected={(v['language'] ?? ctx.lang) === lang}>
                {PORTAL_MESSAGES[lang].languageName}
              </option>
            ))}
          </select>
        </div>
        <div class="span">
          <label for="c-place">{m.place}</label>
          <input id="c-place" name="place" type="text" maxLength={200} value={v['place'] ?? ''} dir="auto" />
        </div>
        <button type="submit">{m.create}</button>
      </form>
    </Layout>,
  );
}

export interface AuditRow {
  readonly at: Date;
  readonly action: string;
  readonly actor: string;
  readonly entity: string;
}

export function renderAudit(
  ctx: PageContext,
  content: { organisationId: string; organisationName: string; rows: AuditRow[]; filter: Record<string, string> },
): string {
  const m = PORTAL_MESSAGES[ctx.lang];
  const f = content.filter;
  return html(
    <Layout ctx={ctx} title={m.auditLog}>
      <p class="muted">
        {m.organisation}: <Name>{content.organisationName}</Name>
      </p>
      <form method="get" action={`/portal/admin/${content.organisationId}/audit`} class="grid3">
        <div>
          <label for="a-action">{m.action}</label>
          <input id="a-action" name="action" type="text" value={f['action'] ?? ''} dir="ltr" placeholder="credential.revoked" />
        </div>
        <div>
          <label for="a-from">{m.from}</label>
          <input id="a-from" name="from" type="date" value={f['from'] ?? ''} />
        </div>
        <div>
          <label for="a-to">{m.to}</label>
          <input id="a-to" name="to" type="date" value={f['to'] ?? ''} />
        </div>
        <button type="submit">{m.filter}</button>
      </form>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{m.when}</th>
              <th scope="col">{m.action}</th>
              <th scope="col">{m.who}</th>
              <th scope="col">{m.entity}</th>
            </tr>
          </thead>
          <tbody>
            {content.rows.map((r) => (
              <tr>
                <td>
                  <LtrText>{r.at.toISOString().replace('T', ' ').slice(0, 19)}</LtrText>
                </td>
                <td>
                  <LtrText>{r.action}</LtrText>
                </td>
                <td>
                  <LtrText>{r.actor}</LtrText>
                </td>
                <td>
                  <LtrText>{r.entity}</LtrText>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>,
  );
}

// ---- The stylesheet -----------------------------------------------------------------------

export const PORTAL_CSS = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #4a4a4a; --accent: #0b4f8a; --bad: #a4161a; --ok: #0b6b2b; --line: #d9dce1; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", Arial, sans-serif; color: var(--fg); background: #f6f7f9; }
.skip { position: absolute; inset-inline-start: -9999px; }
.skip:focus { inset-inline-start: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
header, main, footer { max-width: 64rem; margin: 0 auto; padding: .75rem 1rem; }
header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem 1rem; }
.site { margin: 0; font-weight: 700; }
.row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; list-style: none; margin: 0; padding: 0; align-items: center; }
.main-nav { flex-basis: 100%; display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem; border-top: 1px solid var(--line); padding-top: .5rem; }
a { color: var(--accent); }
a[aria-current] { font-weight: 700; color: var(--fg); text-decoration: none; }
main { background: #fff; border-radius: .5rem; }
h1 { font-size: 1.6rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.25rem; margin-top: 1.5rem; }
h3 { font-size: 1.05rem; }
.muted, .hint { color: var(--muted); }
.hint { margin: 0; font-size: .9rem; }
.card { border: 1px solid var(--line); border-radius: .4rem; padding: .75rem 1rem; margin: .75rem 0; list-style: none; }
.cards { padding: 0; }
.banner { border-inline-start: .4rem solid var(--muted); padding: .5rem 1rem; background: #f0f2f5; border-radius: .25rem; }
.bad { border-color: var(--bad); background: #fbeaea; }
.notice { border-inline-start: .4rem solid var(--ok); padding: .5rem 1rem; background: #e9f5ec; }
.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; }
.unmet { margin: 0; padding-inline-start: 1.1rem; font-size: .9rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: start; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: #f0f2f5; }
.sheet input[type=checkbox] { width: 1.5rem; height: 1.5rem; }
input.num { width: 5.5rem; }
form { display: grid; gap: .4rem; margin: .5rem 0 1rem; }
form.inline { display: inline; margin: 0; }
.narrow { max-width: 24rem; }
.grid2, .grid3 { grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .5rem 1rem; align-items: end; }
.span { grid-column: 1 / -1; }
label { font-weight: 600; display: block; }
label.check { font-weight: 400; }
input[type=text], input[type=email], input[type=password], input[type=date], input[type=number], select, textarea { font: inherit; padding: .4rem; border: 1px solid #767676; border-radius: .25rem; max-width: 100%; }
input[type=text], input[type=email], input[type=password], select, textarea { width: 100%; }
button { justify-self: start; padding: .5rem 1.1rem; font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: .3rem; cursor: pointer; }
button.danger { background: var(--bad); }
button.link { background: none; color: var(--accent); text-decoration: underline; padding: 0; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
.did, .ltr { overflow-wrap: anywhere; }
.did { font-family: ui-monospace, monospace; font-size: .85rem; }
.columns { columns: 2 16rem; font-size: .9rem; }
footer { color: var(--muted); font-size: .85rem; }
@media (max-width: 30rem) { .facts { grid-template-columns: 1fr; } }
`;

/** The stylesheet's address changes with its content, so browsers may keep it for a year. */
export const PORTAL_CSS_PATH = `/portal/assets/portal.${createHash('sha256').update(PORTAL_CSS).digest('hex').slice(0, 12)}.css`;
