import type { CheckName, CheckResult, DetailCode, Outcome } from '@app/verification';

export const PAGE_LANGUAGES = ['en', 'fr', 'ar'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

export interface PageMessages {
  readonly dir: 'ltr' | 'rtl';
  readonly languageName: string;
  readonly siteName: string;
  readonly skipToContent: string;
  readonly title: string;
  readonly intro: string;
  readonly pasteLabel: string;
  readonly pasteHint: string;
  readonly verifyButton: string;
  readonly uploadLabel: string;
  readonly uploadHint: string;
  readonly uploadButton: string;
  readonly or: string;
  readonly resultHeading: string;
  readonly outcome: Record<Outcome, { readonly title: string; readonly text: string }>;
  /** Under the result of an uploaded PDF: what was checked. */
  readonly pdfAttachmentOnly: string;
  /** Said of a valid credential instead of "authentic and in force" when less is known. */
  readonly validWithCaveats: {
    /** The proof holds and the dates are in force, whoever the issuer is. */
    readonly text: string;
    readonly unknownIssuer: string;
    readonly noStatus: string;
  };
  readonly details: string;
  readonly holder: string;
  readonly programme: string;
  readonly hours: string;
  readonly hoursValue: (hours: number) => string;
  readonly score: string;
  readonly competencies: string;
  readonly level: Record<1 | 2 | 3, string>;
  readonly issuer: string;
  readonly issuerDid: string;
  readonly issuerKnown: Record<'this-service' | 'trusted' | 'unknown', string>;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly noEnd: string;
  readonly format: string;
  readonly checksHeading: string;
  readonly check: Record<CheckName, string>;
  readonly result: Record<CheckResult, string>;
  /**
   * Each check's detail in this language; `date` comes formatted. What the service does not
   * translate (a library's error, an administrator's reason, schema errors, a DID) follows it.
   */
  readonly detail: Record<DetailCode, (date: string) => string>;
  readonly problems: string;
  /** What follows a label (French sets a space before the colon). */
  readonly colon: string;
  readonly reason: string;
  readonly replacedBy: string;
  /** After replacedBy when the new credential's page is not public. */
  readonly replacementNotShared: string;
  /** Under a withdrawn (revoked, suspended) credential's banner when its holder does not share it. */
  readonly withdrawnNotShared: string;
  readonly notShared: { readonly title: string; readonly text: string };
  readonly badInput: string;
  /** What to do about input the page could not read, by its HTTP status (400 otherwise). */
  readonly refused: Record<400 | 413 | 415 | 429, string>;
  readonly verifyAnother: string;
  readonly linkedIn: string;
  readonly footer: string;
  readonly languageSwitch: string;
}

const en: PageMessages = {
  dir: 'ltr',
  languageName: 'English',
  siteName: 'AI competency credentials',
  skipToContent: 'Skip to content',
  title: 'Verify a credential',
  intro:
    'Check a teacher’s AI-competency credential: who earned it, from whom, and whether it still holds. Paste the credential, or upload its PDF certificate.',
  pasteLabel: 'Credential (JSON or JWT)',
  pasteHint: 'Paste the whole credential as you received it.',
  verifyButton: 'Verify',
  uploadLabel: 'PDF certificate',
  uploadHint: 'The certificate file carries the signed credential inside it.',
  uploadButton: 'Upload and verify',
  or: 'or',
  resultHeading: 'Result',
  outcome: {
    valid: { title: 'Valid', text: 'The credential is authentic and in force.' },
    revoked: { title: 'Revoked', text: 'The issuer has revoked this credential: it no longer holds.' },
    suspended: { title: 'Suspended', text: 'The issuer has suspended this credential for now.' },
    expired: { title: 'Expired', text: 'The credential is authentic, but its validity has ended.' },
    not_valid: { title: 'Not valid', text: 'This credential does not verify: do not rely on it.' },
    status_unknown: {
      title: 'Status unknown',
      text: 'The signature holds, but whether the credential was revoked could not be checked.',
    },
  },
  pdfAttachmentOnly:
    'This result is for the signed credential attached to the PDF. The printed page is not checked: compare its name, programme and dates with the details below.',
  validWithCaveats: {
    text: 'The signature holds and the credential is within its dates.',
    unknownIssuer: 'This service does not know the issuer: check who it is before you rely on it.',
    noStatus: 'It carries no status entry: whether its issuer has withdrawn it cannot be checked.',
  },
  details: 'Details',
  holder: 'Holder',
  programme: 'Programme',
  hours: 'Contact hours',
  hoursValue: (h) => `${h} hours`,
  score: 'Score',
  competencies: 'Competencies (UNESCO AI CFT)',
  level: { 1: 'Acquire', 2: 'Deepen', 3: 'Create' },
  issuer: 'Issuer',
  issuerDid: 'Issuer identifier (DID)',
  issuerKnown: {
    'this-service': 'An organisation of this service',
    trusted: 'Listed as trusted by this service',
    unknown: 'Not known to this service: check who it is',
  },
  validFrom: 'Valid from',
  validUntil: 'Valid until',
  noEnd: 'No end date',
  format: 'Format',
  checksHeading: 'Checks',
  check: {
    signature: 'Signature',
    issuer: 'Issuer binding and trust',
    schema: 'Open Badges 3.0 schema',
    dates: 'Validity dates',
    status: 'Revocation and suspension status',
  },
  result: { passed: 'passed', failed: 'failed', warning: 'warning', unknown: 'unknown', not_applicable: 'not applicable' },
  detail: {
    'signature.held': () => 'The proof verifies: the credential is exactly the one this service signed and holds.',
    'signature.verifies': () => 'The proof verifies.',
    'signature.fails': () => 'The proof does not verify.',
    'issuer.missing': () => 'The credential names no issuer.',
    'issuer.key_mismatch': () => 'The signing key does not belong to the issuer the credential names.',
    'issuer.key_compromised': (d) =>
      `The key that signed this credential was marked compromised${d ? ` on ${d}` : ''}: what it signed is no longer trusted.`,
    'issuer.this_service': () => 'The key belongs to the issuer, an organisation of this service.',
    'issuer.trusted': () => 'The key belongs to the issuer, which this service lists as trusted.',
    'issuer.unknown': () => 'The key belongs to the issuer, but this service does not know that issuer: check who it is.',
    'schema.not_open_badge': () => 'Not an Open Badge: no Open Badges schema applies.',
    'schema.follows': () => 'It follows the Open Badges 3.0 schema.',
    'schema.does_not_follow': () => 'It does not follow the Open Badges 3.0 schema.',
    'dates.bad_from': () => 'The start of validity is not a date.',
    'dates.bad_until': () => 'The end of validity is not a date.',
    'dates.not_yet': (d) => `Not valid yet: valid from ${d}.`,
    'dates.expired': (d) => `Expired on ${d}.`,
    'dates.valid_until': (d) => `Valid until ${d}.`,
    'dates.no_end': () => 'Valid, with no end date.',
    'status.none': () => 'It carries no status entry: it cannot be revoked.',
    'status.not_checked': () => 'Not checked: the signature does not verify.',
    'status.unknown': () => 'Whether it was revoked or suspended could not be checked.',
    'status.revoked': () => 'Revoked by its issuer.',
    'status.suspended': () => 'Suspended by its issuer.',
    'status.clear': () => 'Neither revoked nor suspended (checked just now).',
  },
  problems: 'Problems found',
  colon: ': ',
  reason: 'Reason',
  replacedBy: 'Replaced by a newer credential',
  replacementNotShared: 'Its holder has not shared the new one: ask them for it.',
  withdrawnNotShared: 'Its holder does not share its details.',
  notShared: {
    title: 'Not shared',
    text: 'This credential is not shared publicly (or does not exist). Ask its holder to share it, or to send you the credential or its PDF, and check it here.',
  },
  badInput: 'This could not be read',
  refused: {
    400: 'This is not a credential the page can read. Paste the whole credential (JSON or JWT) as you received it, or upload its PDF certificate.',
    413: 'This is too large to be a credential or a certificate.',
    415: 'Send the PDF through the upload form.',
    429: 'Too many verifications from your connection just now: try again in a minute.',
  },
  verifyAnother: 'Verify another credential',
  linkedIn: 'Holder: add this credential to your LinkedIn profile',
  footer: 'Credentials are W3C Verifiable Credentials (Open Badges 3.0); this page fetches nothing from elsewhere.',
  languageSwitch: 'Language',
};

const fr: PageMessages = {
  dir: 'ltr',
  languageName: 'Français',
  siteName: 'Attestations de compétences en IA',
  skipToContent: 'Aller au contenu',
  title: 'Vérifier une attestation',
  intro:
    'Vérifiez l’attestation de compétences en IA d’un enseignant : qui l’a obtenue, auprès de qui, et si elle est toujours valable. Collez l’attestation ou téléversez son certificat PDF.',
  pasteLabel: 'Attestation (JSON ou JWT)',
  pasteHint: 'Collez l’attestation entière, telle que vous l’avez reçue.',
  verifyButton: 'Vérifier',
  uploadLabel: 'Certificat PDF',
  uploadHint: 'Le fichier du certificat contient l’attestation signée.',
  uploadButton: 'Téléverser et vérifier',
  or: 'ou',
  resultHeading: 'Résultat',
  outcome: {
    valid: { title: 'Valide', text: 'L’attestation est authentique et en vigueur.' },
    revoked: { title: 'Révoquée', text: 'L’émetteur a révoqué cette attestation : elle n’est plus valable.' },
    suspended: { title: 'Suspendue', text: 'L’émetteur a suspendu cette attestation pour le moment.' },
    expired: { title: 'Expirée', text: 'L’attestation est authentique, mais sa validité a pris fin.' },
    not_valid: { title: 'Non valide', text: 'Cette attestation ne se vérifie pas : ne vous y fiez pas.' },
    status_unknown: {
      title: 'Statut inconnu',
      text: 'La signature est valable, mais une éventuelle révocation n’a pas pu être vérifiée.',
    },
  },
  pdfAttachmentOnly:
    'Ce résultat porte sur l’attestation signée jointe au PDF. La page imprimée n’est pas vérifiée : comparez son nom, son programme et ses dates avec les détails ci-dessous.',
  validWithCaveats: {
    text: 'La signature est valable et l’attestation est dans sa période de validité.',
    unknownIssuer: 'Ce service ne connaît pas l’émetteur : vérifiez de qui il s’agit avant de vous y fier.',
    noStatus: 'Elle ne porte aucune entrée de statut : on ne peut pas vérifier si son émetteur l’a retirée.',
  },
  details: 'Détails',
  holder: 'Titulaire',
  programme: 'Programme',
  hours: 'Heures de formation',
  hoursValue: (h) => `${h} heures`,
  score: 'Note',
  competencies: 'Compétences (référentiel IA de l’UNESCO)',
  level: { 1: 'Acquérir', 2: 'Approfondir', 3: 'Créer' },
  issuer: 'Émetteur',
  issuerDid: 'Identifiant de l’émetteur (DID)',
  issuerKnown: {
    'this-service': 'Une organisation de ce service',
    trusted: 'Reconnu comme fiable par ce service',
    unknown: 'Inconnu de ce service : vérifiez de qui il s’agit',
  },
  validFrom: 'Valable à partir du',
  validUntil: 'Valable jusqu’au',
  noEnd: 'Sans date de fin',
  format: 'Format',
  checksHeading: 'Contrôles',
  check: {
    signature: 'Signature',
    issuer: 'Lien avec l’émetteur et confiance',
    schema: 'Schéma Open Badges 3.0',
    dates: 'Dates de validité',
    status: 'Statut de révocation et de suspension',
  },
  result: { passed: 'réussi', failed: 'échoué', warning: 'avertissement', unknown: 'inconnu', not_applicable: 'sans objet' },
  detail: {
    'signature.held': () => 'La preuve est valable : l’attestation est exactement celle que ce service a signée et conserve.',
    'signature.verifies': () => 'La preuve est valable.',
    'signature.fails': () => 'La preuve ne se vérifie pas.',
    'issuer.missing': () => 'L’attestation ne nomme aucun émetteur.',
    'issuer.key_mismatch': () => 'La clé de signature n’appartient pas à l’émetteur nommé dans l’attestation.',
    'issuer.key_compromised': (d) =>
      `La clé qui a signé cette attestation a été déclarée compromise${d ? ` le ${d}` : ''} : ce qu’elle a signé n’est plus fiable.`,
    'issuer.this_service': () => 'La clé appartient à l’émetteur, une organisation de ce service.',
    'issuer.trusted': () => 'La clé appartient à l’émetteur, que ce service reconnaît comme fiable.',
    'issuer.unknown': () =>
      'La clé appartient à l’émetteur, mais ce service ne connaît pas cet émetteur : vérifiez de qui il s’agit.',
    'schema.not_open_badge': () => 'Ce n’est pas un Open Badge : aucun schéma Open Badges ne s’applique.',
    'schema.follows': () => 'Elle respecte le schéma Open Badges 3.0.',
    'schema.does_not_follow': () => 'Elle ne respecte pas le schéma Open Badges 3.0.',
    'dates.bad_from': () => 'Le début de validité n’est pas une date.',
    'dates.bad_until': () => 'La fin de validité n’est pas une date.',
    'dates.not_yet': (d) => `Pas encore valable : valable à partir du ${d}.`,
    'dates.expired': (d) => `Expirée le ${d}.`,
    'dates.valid_until': (d) => `Valable jusqu’au ${d}.`,
    'dates.no_end': () => 'Valable, sans date de fin.',
    'status.none': () => 'Elle ne porte aucune entrée de statut : elle ne peut pas être révoquée.',
    'status.not_checked': () => 'Non vérifié : la signature ne se vérifie pas.',
    'status.unknown': () => 'Une éventuelle révocation ou suspension n’a pas pu être vérifiée.',
    'status.revoked': () => 'Révoquée par son émetteur.',
    'status.suspended': () => 'Suspendue par son émetteur.',
    'status.clear': () => 'Ni révoquée ni suspendue (vérifié à l’instant).',
  },
  problems: 'Problèmes relevés',
  colon: ' : ',
  reason: 'Motif',
  replacedBy: 'Remplacée par une attestation plus récente',
  replacementNotShared: 'Son titulaire n’a pas partagé la nouvelle : demandez-la-lui.',
  withdrawnNotShared: 'Son titulaire n’en partage pas le détail.',
  notShared: {
    title: 'Non partagée',
    text: 'Cette attestation n’est pas partagée publiquement (ou n’existe pas). Demandez à son titulaire de la partager, ou de vous envoyer l’attestation ou son PDF, puis vérifiez-la ici.',
  },
  badInput: 'Lecture impossible',
  refused: {
    400: 'Ce n’est pas une attestation que la page sait lire. Collez l’attestation entière (JSON ou JWT) telle que vous l’avez reçue, ou téléversez son certificat PDF.',
    413: 'C’est trop volumineux pour être une attestation ou un certificat.',
    415: 'Envoyez le PDF avec le formulaire de téléversement.',
    429: 'Trop de vérifications depuis votre connexion à l’instant : réessayez dans une minute.',
  },
  verifyAnother: 'Vérifier une autre attestation',
  linkedIn: 'Titulaire : ajoutez cette attestation à votre profil LinkedIn',
  footer:
    'Les attestations sont des Verifiable Credentials W3C (Open Badges 3.0) ; cette page ne télécharge rien depuis d’autres sites.',
  languageSwitch: 'Langue',
};

const ar: PageMessages = {
  dir: 'rtl',
  languageName: 'العربية',
  siteName: 'شهادات كفاءات الذكاء الاصطناعي',
  skipToContent: 'انتقل إلى المحتوى',
  title: 'التحقق من شهادة',
  intro:
    'تحقّق من شهادة كفاءات الذكاء الاصطناعي لمعلّم: من حصل عليها، ومن أصدرها، وهل ما زالت سارية. الصق الشهادة أو ارفع ملف الشهادة بصيغة PDF.',
  pasteLabel: 'الشهادة (JSON أو JWT)',
  pasteHint: 'الصق الشهادة كاملة كما استلمتها.',
  verifyButton: 'تحقّق',
  uploadLabel: 'شهادة PDF',
  uploadHint: 'يحمل ملف الشهادة الشهادةَ الموقّعة بداخله.',
  uploadButton: 'ارفع وتحقّق',
  or: 'أو',
  resultHeading: 'النتيجة',
  outcome: {
    valid: { title: 'صالحة', text: 'الشهادة أصلية وسارية المفعول.' },
    revoked: { title: 'ملغاة', text: 'ألغت الجهة المُصدِرة هذه الشهادة: لم تعد سارية.' },
    suspended: { title: 'معلّقة', text: 'علّقت الجهة المُصدِرة هذه الشهادة مؤقتًا.' },
    expired: { title: 'منتهية الصلاحية', text: 'الشهادة أصلية، لكن مدة صلاحيتها انتهت.' },
    not_valid: { title: 'غير صالحة', text: 'لا يمكن التحقق من هذه الشهادة: لا تعتمد عليها.' },
    status_unknown: { title: 'الحالة غير معروفة', text: 'التوقيع صحيح، لكن تعذّر التحقق مما إذا كانت الشهادة قد أُلغيت.' },
  },
  pdfAttachmentOnly:
    'تخص هذه النتيجة الشهادة الموقّعة المرفقة بملف PDF. لا يتم التحقق من الصفحة المطبوعة: قارن الاسم والبرنامج والتواريخ فيها بالتفاصيل أدناه.',
  validWithCaveats: {
    text: 'التوقيع صحيح والشهادة ضمن مدة صلاحيتها.',
    unknownIssuer: 'لا يعرف هذا الموقع الجهة المُصدِرة: تحقّق من هويتها قبل أن تعتمد على الشهادة.',
    noStatus: 'لا تحمل الشهادة أي مدخل للحالة: لا يمكن التحقق مما إذا كانت الجهة المُصدِرة قد سحبتها.',
  },
  details: 'التفاصيل',
  holder: 'حامل الشهادة',
  programme: 'البرنامج',
  hours: 'ساعات التدريب',
  hoursValue: (h) => `${h} ساعة`,
  score: 'الدرجة',
  competencies: 'الكفاءات (إطار اليونسكو للذكاء الاصطناعي)',
  level: { 1: 'اكتساب', 2: 'تعميق', 3: 'إبداع' },
  issuer: 'الجهة المُصدِرة',
  issuerDid: 'معرّف الجهة المُصدِرة (DID)',
  issuerKnown: {
    'this-service': 'إحدى مؤسسات هذه الخدمة',
    trusted: 'جهة موثوقة لدى هذه الخدمة',
    unknown: 'غير معروفة لهذه الخدمة: تحقّق من هويتها',
  },
  validFrom: 'صالحة من',
  validUntil: 'صالحة حتى',
  noEnd: 'بلا تاريخ انتهاء',
  format: 'الصيغة',
  checksHeading: 'عمليات التحقق',
  check: {
    signature: 'التوقيع',
    issuer: 'ارتباط المفتاح بالجهة المُصدِرة والثقة بها',
    schema: 'مخطط Open Badges 3.0',
    dates: 'تواريخ الصلاحية',
    status: 'حالة الإلغاء والتعليق',
  },
  result: { passed: 'ناجح', failed: 'فاشل', warning: 'تحذير', unknown: 'غير معروف', not_applicable: 'لا ينطبق' },
  detail: {
    'signature.held': () => 'الإثبات صحيح: هذه الشهادة هي نفسها التي وقّعتها هذه الخدمة وتحتفظ بها.',
    'signature.verifies': () => 'الإثبات صحيح.',
    'signature.fails': () => 'الإثبات غير صحيح.',
    'issuer.missing': () => 'لا تذكر الشهادة أي جهة مُصدِرة.',
    'issuer.key_mismatch': () => 'مفتاح التوقيع لا يعود إلى الجهة المُصدِرة المذكورة في الشهادة.',
    'issuer.key_compromised': (d) =>
      `أُبلغ عن اختراق المفتاح الذي وقّع هذه الشهادة${d ? ` بتاريخ ${d}` : ''}: لم يعد ما وقّعه موثوقًا.`,
    'issuer.this_service': () => 'المفتاح يعود إلى الجهة المُصدِرة، وهي إحدى مؤسسات هذه الخدمة.',
    'issuer.trusted': () => 'المفتاح يعود إلى الجهة المُصدِرة، وهي جهة موثوقة لدى هذه الخدمة.',
    'issuer.unknown': () => 'المفتاح يعود إلى الجهة المُصدِرة، لكن هذه الخدمة لا تعرفها: تحقّق من هويتها.',
    'schema.not_open_badge': () => 'ليست شارة Open Badges: لا ينطبق عليها مخطط Open Badges.',
    'schema.follows': () => 'تتوافق مع مخطط Open Badges 3.0.',
    'schema.does_not_follow': () => 'لا تتوافق مع مخطط Open Badges 3.0.',
    'dates.bad_from': () => 'بداية الصلاحية ليست تاريخًا.',
    'dates.bad_until': () => 'نهاية الصلاحية ليست تاريخًا.',
    'dates.not_yet': (d) => `ليست سارية بعد: تسري اعتبارًا من ${d}.`,
    'dates.expired': (d) => `انتهت صلاحيتها في ${d}.`,
    'dates.valid_until': (d) => `سارية حتى ${d}.`,
    'dates.no_end': () => 'سارية، بلا تاريخ انتهاء.',
    'status.none': () => 'لا تحمل أي بيان للحالة: لا يمكن إلغاؤها.',
    'status.not_checked': () => 'لم يُتحقَّق منها: التوقيع غير صحيح.',
    'status.unknown': () => 'تعذّر التحقق مما إذا كانت قد أُلغيت أو عُلّقت.',
    'status.revoked': () => 'ألغتها الجهة المُصدِرة.',
    'status.suspended': () => 'علّقتها الجهة المُصدِرة.',
    'status.clear': () => 'ليست ملغاة ولا معلّقة (تم التحقق الآن).',
  },
  problems: 'المشكلات المكتشفة',
  colon: ': ',
  reason: 'السبب',
  replacedBy: 'استُبدلت بشهادة أحدث',
  replacementNotShared: 'لم يشارك حاملها الشهادة الجديدة: اطلبها منه.',
  withdrawnNotShared: 'لا يشارك حاملها تفاصيلها.',
  notShared: {
    title: 'غير مُشارَكة',
    text: 'هذه الشهادة غير مُشارَكة للعموم (أو غير موجودة). اطلب من حاملها مشاركتها، أو إرسال الشهادة أو ملفها بصيغة PDF، ثم تحقّق منها هنا.',
  },
  badInput: 'تعذّرت القراءة',
  refused: {
    400: 'هذه ليست شهادة تستطيع الصفحة قراءتها. الصق الشهادة كاملة (JSON أو JWT) كما استلمتها، أو ارفع ملف شهادتها بصيغة PDF.',
    413: 'الملف أكبر من أن يكون شهادة.',
    415: 'أرسل ملف PDF عبر نموذج الرفع.',
    429: 'عدد كبير جدًا من عمليات التحقق من اتصالك الآن: أعد المحاولة بعد دقيقة.',
  },
  verifyAnother: 'التحقق من شهادة أخرى',
  linkedIn: 'لحامل الشهادة: أضف هذه الشهادة إلى ملفك على LinkedIn',
  footer: 'الشهادات هي شهادات W3C قابلة للتحقق (Open Badges 3.0)؛ لا تجلب هذه الصفحة أي شيء من مواقع أخرى.',
  languageSwitch: 'اللغة',
};

export const PAGE_MESSAGES: Record<PageLanguage, PageMessages> = { en, fr, ar };

/** The page language: ?lang=, else the first supported one in Accept-Language, else English. */
export function pageLanguageOf(query: unknown, acceptLanguage: string | undefined): PageLanguage {
  if (typeof query === 'string' && (PAGE_LANGUAGES as readonly string[]).includes(query)) return query as PageLanguage;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { lang: (tag ?? '').slice(0, 2).toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((x) => (PAGE_LANGUAGES as readonly string[]).includes(x.lang))
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as PageLanguage | undefined) ?? 'en';
}
