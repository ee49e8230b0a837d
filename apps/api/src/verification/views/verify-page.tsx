import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { CertificateView } from '@app/certificates';
import type { LocalizedText } from '@app/core';
import type { CheckReport, CheckResult, Outcome, VerificationReport } from '@app/verification';
import { PAGE_LANGUAGES, PAGE_MESSAGES, type PageLanguage, type PageMessages } from './messages.js';

/**
 * The public verification page, rendered on the server (Preact to a string: every text and
 * attribute is escaped). It needs no JavaScript: two forms post to the server and the answer
 * is a page. Right-to-left in Arabic through `dir` on the document and logical CSS properties.
 */

export interface PageContext {
  readonly lang: PageLanguage;
  /** The path the language links point to (a GET page). */
  readonly path: string;
  readonly maxPdfMegabytes: number;
}

export interface OpenGraph {
  readonly title: string;
  readonly description: string;
  readonly url: string;
}

export interface ResultProps {
  readonly report: VerificationReport;
  readonly view: CertificateView | null;
  readonly competencyNames: ReadonlyMap<string, LocalizedText>;
  readonly linkedInUrl?: string | undefined;
  /** The public page of the credential that replaced this one, when its holder shares it. */
  readonly replacementPage?: string | undefined;
  /** Read from an uploaded PDF: only its attached credential was checked, not what it prints. */
  readonly fromPdf?: boolean;
}

export function renderVerifyPage(
  ctx: PageContext,
  content: {
    result?: ResultProps;
    notShared?: boolean;
    /** A credential not shared, but withdrawn: its state is told (the paper still points to it), nothing more. */
    withdrawn?: 'revoked' | 'suspended';
    /** The withdrawn credential was replaced by a newer one (a re-issue): said, not linked. */
    replaced?: boolean;
    /** Input the page could not read: its HTTP status and the service's (English) explanation. */
    error?: { status: number; message: string };
    pasted?: string;
    og?: OpenGraph;
  },
): string {
  const m = PAGE_MESSAGES[ctx.lang];
  const title = content.result ? `${m.outcome[content.result.report.outcome].title} · ${m.title}` : m.title;
  return `<!DOCTYPE html>${renderToString(
    <Layout ctx={ctx} title={title} og={content.og}>
      {content.result ? <Result ctx={ctx} {...content.result} /> : null}
      {content.withdrawn ? (
        <section class={`banner outcome-${content.withdrawn}`} role="status" aria-live="polite" data-outcome={content.withdrawn}>
          <h2>
            <span aria-hidden="true" class="icon">
              {ICONS[content.withdrawn]}
            </span>{' '}
            {m.outcome[content.withdrawn].title}
          </h2>
          <p>{m.outcome[content.withdrawn].text}</p>
          {content.replaced ? (
            <p data-replaced-by="">
              {m.replacedBy}. {m.replacementNotShared}
            </p>
          ) : null}
          <p>{m.withdrawnNotShared}</p>
        </section>
      ) : null}
      {content.notShared ? (
        <section class="banner outcome-unknown" role="status" aria-live="polite">
          <h2>
            <span aria-hidden="true" class="icon">
              ?
            </span>{' '}
            {m.notShared.title}
          </h2>
          <p>{m.notShared.text}</p>
        </section>
      ) : null}
      {content.error ? (
        <section class="banner outcome-not_valid" role="alert" data-refused={content.error.status}>
          <h2>{m.badInput}</h2>
          <p>{m.refused[content.error.status as keyof PageMessages['refused']] ?? m.refused[400]}</p>
          <p class="detail" lang="en" dir="ltr">
            {content.error.message}
          </p>
        </section>
      ) : null}
      <Forms ctx={ctx} pasted={content.pasted} heading={content.result ? m.verifyAnother : m.title} />
    </Layout>,
  )}`;
}

function Layout(props: { ctx: PageContext; title: string; og?: OpenGraph | undefined; children: ComponentChildren }) {
  const m = PAGE_MESSAGES[props.ctx.lang];
  return (
    <html lang={props.ctx.lang} dir={m.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        {props.og ? (
          <>
            <meta property="og:type" content="website" />
            <meta property="og:site_name" content={m.siteName} />
            <meta property="og:title" content={props.og.title} />
            <meta property="og:description" content={props.og.description} />
            <meta property="og:url" content={props.og.url} />
            <meta property="og:locale" content={{ en: 'en_GB', fr: 'fr_FR', ar: 'ar_AR' }[props.ctx.lang]} />
            <meta name="twitter:card" content="summary" />
            <link rel="canonical" href={props.og.url} />
          </>
        ) : null}
        <style dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <a class="skip" href="#main">
          {m.skipToContent}
        </a>
        <header>
          <p class="site">{m.siteName}</p>
          <nav aria-label={m.languageSwitch}>
            <ul class="langs">
              {PAGE_LANGUAGES.map((lang) => (
                <li>
                  <a
                    href={`${props.ctx.path}?lang=${lang}`}
                    lang={lang}
                    hreflang={lang}
                    aria-current={lang === props.ctx.lang ? 'page' : undefined}
                  >
                    {PAGE_MESSAGES[lang].languageName}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">
          <h1>{m.title}</h1>
          {props.children}
        </main>
        <footer>
          <p>{m.footer}</p>
        </footer>
      </body>
    </html>
  );
}

function Forms(props: { ctx: PageContext; pasted?: string | undefined; heading: string }) {
  const m = PAGE_MESSAGES[props.ctx.lang];
  return (
    <section class="forms" aria-labelledby="forms-heading">
      <h2 id="forms-heading">{props.heading}</h2>
      <p>{m.intro}</p>
      <form method="post" action={`/verify?lang=${props.ctx.lang}`}>
        <label for="credential">{m.pasteLabel}</label>
        <p class="hint" id="credential-hint">
          {m.pasteHint}
        </p>
        <textarea id="credential" name="credential" rows={8} dir="ltr" spellcheck={false} aria-describedby="credential-hint">
          {props.pasted ?? ''}
        </textarea>
        <button type="submit">{m.verifyButton}</button>
      </form>
      <p class="or">{m.or}</p>
      <form method="post" action={`/verify/pdf?lang=${props.ctx.lang}`} enctype="multipart/form-data">
        <label for="file">{m.uploadLabel}</label>
        <p class="hint" id="file-hint">
          {m.uploadHint} <bdi dir="ltr">(≤ {props.ctx.maxPdfMegabytes} MB)</bdi>
        </p>
        <input id="file" name="file" type="file" accept="application/pdf,.pdf" required aria-describedby="file-hint" />
        <button type="submit">{m.uploadButton}</button>
      </form>
    </section>
  );
}

const ICONS: Record<Outcome, string> = {
  valid: '✓',
  revoked: '✗',
  suspended: '!',
  expired: '!',
  not_valid: '✗',
  status_unknown: '?',
};

const RESULT_ICONS: Record<CheckResult, string> = {
  passed: '✓',
  failed: '✗',
  warning: '!',
  unknown: '?',
  not_applicable: '–',
};

function Result(props: ResultProps & { ctx: PageContext }) {
  const { report, view, ctx } = props;
  const m = PAGE_MESSAGES[ctx.lang];
  const outcome = m.outcome[report.outcome];
  const registry = report.registry;
  const showDetails = report.outcome !== 'not_valid' && view !== null;
  return (
    <>
      <section class={`banner outcome-${report.outcome}`} role="status" aria-live="polite" data-outcome={report.outcome}>
        <h2>
          <span aria-hidden="true" class="icon">
            {ICONS[report.outcome]}
          </span>{' '}
          {outcome.title}
        </h2>
        {report.outcome === 'valid' && (report.issuer?.known === 'unknown' || report.status === 'none') ? (
          <>
            <p>{m.validWithCaveats.text}</p>
            {report.issuer?.known === 'unknown' ? <p data-caveat="unknown-issuer">{m.validWithCaveats.unknownIssuer}</p> : null}
            {report.status === 'none' ? <p data-caveat="no-status">{m.validWithCaveats.noStatus}</p> : null}
          </>
        ) : (
          <p>{outcome.text}</p>
        )}
        {registry?.reason && (report.outcome === 'revoked' || report.outcome === 'suspended') ? (
          <p>
            {m.reason}
            {m.colon}
            <span dir="auto">{registry.reason}</span>
          </p>
        ) : null}
        {registry?.replacedBy ? (
          <p data-replaced-by="">
            {props.replacementPage ? (
              <a href={props.replacementPage}>{m.replacedBy}</a>
            ) : (
              <>
                {m.replacedBy}. {m.replacementNotShared}
              </>
            )}
          </p>
        ) : null}
        {props.fromPdf ? <p data-note="pdf-attachment">{m.pdfAttachmentOnly}</p> : null}
      </section>
      {showDetails ? <Details ctx={ctx} report={report} view={view} competencyNames={props.competencyNames} /> : null}
      <section aria-labelledby="checks-heading">
        <h2 id="checks-heading">{m.checksHeading}</h2>
        <ul class="checks">
          {report.results.map((check) => (
            <li class={`check check-${check.result}`} data-check={check.name} data-result={check.result}>
              <span aria-hidden="true" class="icon">
                {RESULT_ICONS[check.result]}
              </span>{' '}
              <strong>{m.check[check.name]}</strong>
              {m.colon}
              {m.result[check.result]}
              <br />
              <CheckDetail lang={ctx.lang} check={check} />
            </li>
          ))}
        </ul>
      </section>
      {props.linkedInUrl && report.outcome === 'valid' ? (
        <p class="share">
          <a href={props.linkedInUrl} rel="noopener noreferrer" target="_blank">
            {m.linkedIn}
          </a>
        </p>
      ) : null}
    </>
  );
}

/**
 * A check's detail in the page's language. What the service does not translate follows it, marked
 * as what it is: a library's English error, an administrator's own words, a DID.
 */
function CheckDetail(props: { lang: PageLanguage; check: CheckReport }) {
  const { lang, check } = props;
  const m = PAGE_MESSAGES[lang];
  const params = check.params ?? {};
  const sentence = m.detail[check.code](params.date ? formatWhen(lang, params.date) : '');
  const extra: { label: string; text: string; lang: 'en' | undefined; dir: 'ltr' | 'auto' } | null =
    check.code === 'issuer.key_mismatch' && params.issuer
      ? { label: m.issuerDid, text: params.issuer, lang: undefined, dir: 'ltr' }
      : check.code === 'schema.does_not_follow' && params.problems
        ? { label: m.problems, text: params.problems, lang: 'en', dir: 'ltr' }
        : params.reason && ['signature.fails', 'status.unknown'].includes(check.code)
          ? { label: m.reason, text: params.reason, lang: 'en', dir: 'ltr' }
          : params.reason
            ? // An administrator's words (revocation, suspension, a compromised key), in their language.
              { label: m.reason, text: params.reason, lang: undefined, dir: 'auto' }
            : null;
  return (
    <span class="detail" data-code={check.code}>
      {sentence}
      {extra ? (
        <>
          {' '}
          {extra.label}
          {m.colon}
          <bdi lang={extra.lang} dir={extra.dir}>
            {extra.text}
          </bdi>
        </>
      ) : null}
    </span>
  );
}

/** How dates are written: British English (as the page is), French, Arabic with Western digits. */
const LOCALES: Record<PageLanguage, string> = { en: 'en-GB', fr: 'fr', ar: 'ar-u-nu-latn' };

/**
 * A day in the page's language. A date before year 1 is written with its era ("20 April 2 BC"):
 * the long style alone writes no era, and such a date would read as one in the future.
 */
function formatDay(lang: PageLanguage, when: Date, withTime = false): string {
  const beforeYearOne = when.getUTCFullYear() < 1;
  const options: Intl.DateTimeFormatOptions = beforeYearOne
    ? { year: 'numeric', month: 'long', day: 'numeric', era: 'short', timeZone: 'UTC' }
    : { dateStyle: 'long', timeZone: 'UTC' };
  if (withTime) {
    if (beforeYearOne) Object.assign(options, { hour: '2-digit', minute: '2-digit' });
    else options.timeStyle = 'short';
  }
  return new Intl.DateTimeFormat(LOCALES[lang], options).format(when);
}

/** An ISO date of a check, in the page's language: the day, and the time (UTC) when it is not midnight. */
function formatWhen(lang: PageLanguage, iso: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const midnight = when.getUTCHours() === 0 && when.getUTCMinutes() === 0 && when.getUTCSeconds() === 0;
  return midnight ? formatDay(lang, when) : `${formatDay(lang, when, true)} UTC`;
}

function Details(props: {
  ctx: PageContext;
  report: VerificationReport;
  view: CertificateView;
  competencyNames: ReadonlyMap<string, LocalizedText>;
}) {
  const { ctx, report, view } = props;
  const m = PAGE_MESSAGES[ctx.lang];
  const lang = ctx.lang;
  const programme = view.programme[lang] ?? view.programme.default;
  const issuerName = report.issuer?.name ? (report.issuer.name[lang] ?? report.issuer.name.en) : view.organisationName;
  return (
    <section aria-labelledby="details-heading">
      <h2 id="details-heading">{m.details}</h2>
      <dl class="details">
        {view.learnerName ? (
          <>
            <dt>{m.holder}</dt>
            <dd dir="auto">{view.learnerName}</dd>
          </>
        ) : null}
        <dt>{m.programme}</dt>
        <dd dir="auto">{programme}</dd>
        {view.contactHours !== null ? (
          <>
            <dt>{m.hours}</dt>
            <dd>{m.hoursValue(view.contactHours)}</dd>
          </>
        ) : null}
        {view.score !== null ? (
          <>
            <dt>{m.score}</dt>
            <dd>{view.score}</dd>
          </>
        ) : null}
        {view.competencies.length ? (
          <>
            <dt>{m.competencies}</dt>
            <dd>
              <ul class="competencies">
                {view.competencies.map((c) => (
                  <li>
                    <span dir="ltr">{c.code}</span> <span dir="auto">{c.name[lang] ?? c.name.default}</span>
                    {c.level ? <span class="level"> · {m.level[c.level]}</span> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>{m.issuer}</dt>
        <dd>
          <span dir="auto">{issuerName}</span>
          {report.issuer ? (
            <span class={`known known-${report.issuer.known}`}> · {m.issuerKnown[report.issuer.known]}</span>
          ) : null}
        </dd>
        <dt>{m.issuerDid}</dt>
        <dd class="did" dir="ltr">
          {view.issuerId}
        </dd>
        <dt>{m.validFrom}</dt>
        <dd>{view.validFrom ? formatDay(lang, view.validFrom) : '—'}</dd>
        <dt>{m.validUntil}</dt>
        <dd>{view.validUntil ? formatDay(lang, view.validUntil) : m.noEnd}</dd>
        <dt>{m.format}</dt>
        <dd dir="ltr">
          {report.format === 'ldp'
            ? 'JSON-LD, Data Integrity (eddsa-rdfc-2022)'
            : report.format === 'vc+jwt'
              ? 'JWT (vc+jwt)'
              : 'JWT (Open Badges 3.0)'}
        </dd>
      </dl>
    </section>
  );
}

/** Accessible colours (contrast ≥ 4.5:1 on white), logical properties for right-to-left. */
const CSS = `
:root { color-scheme: light; --fg: #1b1b1b; --muted: #4a4a4a; --ok: #0b6b2b; --bad: #a4161a; --warn: #7a4b00; --unk: #38465a; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans Arabic", Arial, sans-serif; color: var(--fg); background: #f6f7f9; }
.skip { position: absolute; inset-inline-start: -9999px; }
.skip:focus { inset-inline-start: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header, main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem; }
header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .5rem; }
.site { margin: 0; font-weight: 600; }
.langs { display: flex; gap: .75rem; list-style: none; margin: 0; padding: 0; }
.langs a { color: #0b4f8a; }
.langs a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--fg); }
main { background: #fff; border-radius: .5rem; }
h1 { font-size: 1.6rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.2rem; }
.banner { border-inline-start: .5rem solid var(--unk); padding: .75rem 1rem; margin: 1rem 0; background: #f0f2f5; border-radius: .25rem; }
.banner h2 { margin: 0 0 .25rem; font-size: 1.5rem; }
.outcome-valid { border-color: var(--ok); background: #e9f5ec; } .outcome-valid h2 { color: var(--ok); }
.outcome-revoked, .outcome-not_valid { border-color: var(--bad); background: #fbeaea; } .outcome-revoked h2, .outcome-not_valid h2 { color: var(--bad); }
.outcome-suspended, .outcome-expired { border-color: var(--warn); background: #fdf3e1; } .outcome-suspended h2, .outcome-expired h2 { color: var(--warn); }
.outcome-status_unknown h2, .outcome-unknown h2 { color: var(--unk); }
.details { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .35rem 1rem; }
.details dt { font-weight: 600; color: var(--muted); }
.details dd { margin: 0; overflow-wrap: anywhere; }
.did { font-family: ui-monospace, monospace; font-size: .85rem; }
.competencies { margin: 0; padding-inline-start: 1.1rem; }
.checks { list-style: none; padding: 0; }
.check { padding: .4rem 0; border-bottom: 1px solid #e3e5e8; }
.check-passed .icon { color: var(--ok); } .check-failed .icon { color: var(--bad); } .check-warning .icon { color: var(--warn); }
.detail { color: var(--muted); font-size: .9rem; overflow-wrap: anywhere; }
form { display: grid; gap: .4rem; margin: .5rem 0 1rem; }
label { font-weight: 600; }
.hint { margin: 0; color: var(--muted); font-size: .9rem; }
textarea { width: 100%; font: .85rem/1.4 ui-monospace, monospace; padding: .5rem; }
button { justify-self: start; padding: .55rem 1.2rem; font-size: 1rem; background: #0b4f8a; color: #fff; border: 0; border-radius: .3rem; cursor: pointer; }
button:focus-visible, a:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
.or { text-align: center; color: var(--muted); margin: 0; }
footer { color: var(--muted); font-size: .85rem; }
@media (max-width: 30rem) { .details { grid-template-columns: 1fr; } .details dd { margin-bottom: .4rem; } }
`;
