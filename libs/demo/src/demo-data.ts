import type { AchievementType, IssuanceMode } from '@app/catalogue';
import type { LocalizedText } from '@app/core';
import type { Role } from '@app/identity';

/**
 * Demo data that mirrors the real programmes the service is built for, so that a newcomer sees
 * something real at once. The organisations are marked "(demo)": they stand for, and are not,
 * the real bodies.
 */
export interface DemoModule {
  code: string;
  title: LocalizedText;
  contactHours: number;
  assessed?: boolean;
  competencies: string[];
}

export interface DemoProgramme {
  slug: string;
  name: LocalizedText;
  description: LocalizedText;
  criteria: LocalizedText;
  achievementType: AchievementType;
  issuanceMode: IssuanceMode;
  minAttendancePercent: number;
  passMark: number;
  validityMonths: number | null;
  /** Slug of a programme of the same organisation that trainers must hold. */
  requiresTrainerCredentialOf?: string;
  modules: DemoModule[];
}

export interface DemoOrganisation {
  slug: string;
  name: LocalizedText;
  description: LocalizedText;
  url: string;
  email: string;
  programmes: DemoProgramme[];
}

export interface DemoAccount {
  email: string;
  displayName: string;
  language: 'en' | 'fr' | 'ar';
  grants: Array<{ role: Role; organisation?: string }>;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    slug: 'lebanon-coding-ai',
    name: {
      en: 'Lebanon Coding and AI in Schools (demo)',
      fr: 'Programmation et IA dans les écoles du Liban (démo)',
      ar: 'البرمجة والذكاء الاصطناعي في مدارس لبنان (تجريبي)',
    },
    description: {
      en: 'Trains teachers, who then give a 40-hour coding and AI course to learners in their schools.',
      fr: 'Forme des enseignants qui donnent ensuite un cours de 40 heures de programmation et d’IA dans leurs écoles.',
      ar: 'يدرّب المعلمين الذين يقدّمون بعد ذلك دورة في البرمجة والذكاء الاصطناعي مدتها 40 ساعة للمتعلمين في مدارسهم.',
    },
    url: 'https://lebanon-coding-ai.example.org',
    email: 'certificates@lebanon-coding-ai.example.org',
    programmes: [
      {
        slug: 'teacher-ai-workshop',
        name: {
          en: 'Teaching Coding and AI: Teacher Training Workshop',
          fr: 'Enseigner la programmation et l’IA : atelier de formation des enseignants',
          ar: 'تعليم البرمجة والذكاء الاصطناعي: ورشة تدريب المعلمين',
        },
        description: {
          en: 'A 20-hour workshop that prepares teachers to teach the 40-hour coding and AI course.',
          fr: 'Un atelier de 20 heures qui prépare les enseignants à donner le cours de 40 heures.',
          ar: 'ورشة مدتها 20 ساعة تعدّ المعلمين لتقديم دورة البرمجة والذكاء الاصطناعي ذات الأربعين ساعة.',
        },
        criteria: {
          en: 'Attend at least 80% of the contact hours of every module and pass the final practice-teaching assessment.',
          fr: 'Assister à au moins 80 % des heures de chaque module et réussir l’évaluation finale de mise en pratique.',
          ar: 'حضور 80% على الأقل من ساعات كل وحدة والنجاح في التقييم النهائي للتدريس التطبيقي.',
        },
        achievementType: 'MicroCredential',
        issuanceMode: 'automatic',
        minAttendancePercent: 80,
        passMark: 70,
        validityMonths: 36,
        modules: [
          {
            code: 'W1',
            title: {
              en: 'AI foundations for teachers',
              fr: 'Fondements de l’IA pour les enseignants',
              ar: 'أسس الذكاء الاصطناعي للمعلمين',
            },
            contactHours: 5,
            competencies: ['3.1'],
          },
          {
            code: 'W2',
            title: {
              en: 'Ethics and safe use of AI in class',
              fr: 'Éthique et usage sûr de l’IA en classe',
              ar: 'الأخلاقيات والاستخدام الآمن للذكاء الاصطناعي في الصف',
            },
            contactHours: 4,
            competencies: ['2.1', '2.2'],
          },
          {
            code: 'W3',
            title: { en: 'Human agency and AI', fr: 'Capacité d’agir humaine et IA', ar: 'الفاعلية البشرية والذكاء الاصطناعي' },
            contactHours: 3,
            competencies: ['1.1'],
          },
          {
            code: 'W4',
            title: {
              en: 'Teaching the coding and AI course',
              fr: 'Enseigner le cours de programmation et d’IA',
              ar: 'تدريس دورة البرمجة والذكاء الاصطناعي',
            },
            contactHours: 8,
            assessed: true,
            competencies: ['4.1', '4.2'],
          },
        ],
      },
      {
        slug: 'learner-coding-ai-course',
        name: {
          en: 'Coding and AI: 40-hour Course',
          fr: 'Programmation et IA : cours de 40 heures',
          ar: 'البرمجة والذكاء الاصطناعي: دورة مدتها 40 ساعة',
        },
        description: {
          en: 'A 40-hour introduction to coding and artificial intelligence for school learners, taught by certified teachers.',
          fr: 'Une introduction de 40 heures à la programmation et à l’IA pour les élèves, donnée par des enseignants certifiés.',
          ar: 'مقدمة في البرمجة والذكاء الاصطناعي مدتها 40 ساعة لطلاب المدارس، يقدّمها معلمون معتمدون.',
        },
        criteria: {
          en: 'Attend at least 75% of the 40 contact hours and pass the final project.',
          fr: 'Assister à au moins 75 % des 40 heures et réussir le projet final.',
          ar: 'حضور 75% على الأقل من الساعات الأربعين والنجاح في المشروع النهائي.',
        },
        achievementType: 'CertificateOfCompletion',
        issuanceMode: 'automatic',
        minAttendancePercent: 75,
        passMark: 50,
        validityMonths: null,
        requiresTrainerCredentialOf: 'teacher-ai-workshop',
        modules: [
          {
            code: 'C1',
            title: { en: 'Computational thinking', fr: 'Pensée informatique', ar: 'التفكير الحاسوبي' },
            contactHours: 8,
            competencies: [],
          },
          {
            code: 'C2',
            title: { en: 'Programming basics', fr: 'Bases de la programmation', ar: 'أساسيات البرمجة' },
            contactHours: 12,
            competencies: [],
          },
          {
            code: 'C3',
            title: {
              en: 'What is artificial intelligence?',
              fr: 'Qu’est-ce que l’intelligence artificielle ?',
              ar: 'ما هو الذكاء الاصطناعي؟',
            },
            contactHours: 8,
            competencies: ['3.1'],
          },
          {
            code: 'C4',
            title: {
              en: 'Responsible use of AI',
              fr: 'Utilisation responsable de l’IA',
              ar: 'الاستخدام المسؤول للذكاء الاصطناعي',
            },
            contactHours: 4,
            competencies: ['2.2'],
          },
          {
            code: 'C5',
            title: { en: 'Final project', fr: 'Projet final', ar: 'المشروع النهائي' },
            contactHours: 8,
            assessed: true,
            competencies: ['3.2'],
          },
        ],
      },
    ],
  },
  {
    slug: 'iioe',
    name: {
      en: 'UNESCO-ICHEI International Institute of Online Education (demo)',
      fr: 'Institut international d’éducation en ligne UNESCO-ICHEI (démo)',
      ar: 'المعهد الدولي للتعليم عبر الإنترنت التابع لليونسكو-ICHEI (تجريبي)',
    },
    description: {
      en: 'Micro-certification of AI competencies for higher-education teaching staff.',
      fr: 'Micro-certification des compétences en IA du personnel enseignant du supérieur.',
      ar: 'شهادات مصغّرة في كفاءات الذكاء الاصطناعي لأعضاء هيئة التدريس في التعليم العالي.',
    },
    url: 'https://iioe.example.org',
    email: 'certification@iioe.example.org',
    programmes: [
      {
        slug: 'ai-competency-micro-certification',
        name: {
          en: 'AI Competency Micro-certification for Higher-Education Teachers',
          fr: 'Micro-certification des compétences en IA pour les enseignants du supérieur',
          ar: 'الشهادة المصغّرة في كفاءات الذكاء الاصطناعي لأساتذة التعليم العالي',
        },
        description: {
          en: 'Five online modules, one per aspect of the UNESCO AI Competency Framework for Teachers, at the Deepen level.',
          fr: 'Cinq modules en ligne, un par aspect du référentiel de l’UNESCO, au niveau Approfondir.',
          ar: 'خمس وحدات عبر الإنترنت، وحدة لكل جانب من جوانب إطار اليونسكو، على مستوى التعمق.',
        },
        criteria: {
          en: 'Complete all five modules and pass each module assessment with at least 70%.',
          fr: 'Terminer les cinq modules et réussir chaque évaluation avec au moins 70 %.',
          ar: 'إكمال الوحدات الخمس والنجاح في تقييم كل وحدة بنسبة 70% على الأقل.',
        },
        achievementType: 'MicroCredential',
        issuanceMode: 'approval',
        minAttendancePercent: 100,
        passMark: 70,
        validityMonths: 36,
        modules: [
          {
            code: 'H1',
            title: { en: 'Human accountability in AI-supported teaching', fr: 'Responsabilité humaine', ar: 'المساءلة البشرية' },
            contactHours: 3,
            assessed: true,
            competencies: ['1.2'],
          },
          {
            code: 'H2',
            title: {
              en: 'Safe and responsible use of AI',
              fr: 'Utilisation sûre et responsable',
              ar: 'الاستخدام الآمن والمسؤول',
            },
            contactHours: 3,
            assessed: true,
            competencies: ['2.2'],
          },
          {
            code: 'H3',
            title: { en: 'AI application skills', fr: 'Compétences d’application', ar: 'مهارات التطبيق' },
            contactHours: 3,
            assessed: true,
            competencies: ['3.2'],
          },
          {
            code: 'H4',
            title: {
              en: 'Integrating AI into pedagogy',
              fr: 'Intégrer l’IA à la pédagogie',
              ar: 'دمج الذكاء الاصطناعي في التدريس',
            },
            contactHours: 3,
            assessed: true,
            competencies: ['4.2'],
          },
          {
            code: 'H5',
            title: {
              en: 'AI for organisational learning',
              fr: 'L’IA pour l’apprentissage organisationnel',
              ar: 'الذكاء الاصطناعي للتعلم المؤسسي',
            },
            contactHours: 3,
            assessed: true,
            competencies: ['5.2'],
          },
        ],
      },
    ],
  },
];

export const DEMO_ADMIN_EMAIL = 'admin@demo.local';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: DEMO_ADMIN_EMAIL, displayName: 'Demo Platform Admin', language: 'en', grants: [{ role: 'platform_admin' }] },
  {
    email: 'admin@lebanon.demo.local',
    displayName: 'Nadia Khoury',
    language: 'ar',
    grants: [{ role: 'org_admin', organisation: 'lebanon-coding-ai' }],
  },
  {
    email: 'trainer@lebanon.demo.local',
    displayName: 'Karim Mansour',
    language: 'fr',
    grants: [{ role: 'trainer', organisation: 'lebanon-coding-ai' }],
  },
  { email: 'teacher1@lebanon.demo.local', displayName: 'Rana Haddad', language: 'ar', grants: [{ role: 'learner' }] },
  { email: 'teacher2@lebanon.demo.local', displayName: 'Élie Saab', language: 'fr', grants: [{ role: 'learner' }] },
  { email: 'teacher3@lebanon.demo.local', displayName: 'Maya Nasser', language: 'en', grants: [{ role: 'learner' }] },
  {
    email: 'admin@iioe.demo.local',
    displayName: 'Li Wei',
    language: 'en',
    grants: [{ role: 'org_admin', organisation: 'iioe' }],
  },
];

/**
 * A workshop cohort as its trainer would have recorded it: four classes; Rana attended all and
 * passed the practice teaching (she is issued the workshop credential on first start), Élie
 * failed it, Maya came to the first class only. The trainer sees their progress in the portal.
 */
export const DEMO_WORKSHOP_COHORT = {
  adminEmail: 'admin@lebanon.demo.local',
  trainerEmail: 'trainer@lebanon.demo.local',
  programmeSlug: 'teacher-ai-workshop',
  name: 'Beirut teacher workshop, February 2026 (demo)',
  startsOn: '2026-02-02',
  endsOn: '2026-02-06',
  place: 'Beirut',
  participants: [
    { email: 'teacher1@lebanon.demo.local', displayName: 'Rana Haddad', role: 'teacher' as const },
    { email: 'teacher2@lebanon.demo.local', displayName: 'Élie Saab', role: 'teacher' as const },
    { email: 'teacher3@lebanon.demo.local', displayName: 'Maya Nasser', role: 'teacher' as const },
  ],
  sessions: [
    { module: 'W1', heldOn: '2026-02-02', hours: 5 },
    { module: 'W2', heldOn: '2026-02-03', hours: 4 },
    { module: 'W3', heldOn: '2026-02-04', hours: 3 },
    { module: 'W4', heldOn: '2026-02-05', hours: 8 },
  ],
  recordsCsv: [
    'email,module,kind,date,hours,score',
    'teacher1@lebanon.demo.local,W1,attendance,2026-02-02,5,',
    'teacher1@lebanon.demo.local,W2,attendance,2026-02-03,4,',
    'teacher1@lebanon.demo.local,W3,attendance,2026-02-04,3,',
    'teacher1@lebanon.demo.local,W4,attendance,2026-02-05,8,',
    'teacher1@lebanon.demo.local,W4,assessment,2026-02-06,,86',
    'teacher2@lebanon.demo.local,W1,attendance,2026-02-02,5,',
    'teacher2@lebanon.demo.local,W2,attendance,2026-02-03,4,',
    'teacher2@lebanon.demo.local,W3,attendance,2026-02-04,3,',
    'teacher2@lebanon.demo.local,W4,attendance,2026-02-05,8,',
    'teacher2@lebanon.demo.local,W4,assessment,2026-02-06,,62',
    'teacher3@lebanon.demo.local,W1,attendance,2026-02-02,5,',
    '',
  ].join('\n'),
};
