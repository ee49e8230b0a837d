import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data every install needs: the UNESCO AI Competency Framework for Teachers (2024),
 * 5 aspects x 3 levels. The texts are frozen here (a migration is a snapshot): English names are
 * UNESCO's, French and Arabic are this project's translations.
 */
const FRAMEWORK = {
  slug: 'unesco-ai-cft',
  name: {
    en: 'UNESCO AI Competency Framework for Teachers',
    fr: "Référentiel de compétences en IA pour les enseignants de l'UNESCO",
    ar: 'إطار كفاءات الذكاء الاصطناعي للمعلمين الصادر عن اليونسكو',
  },
  publisher: 'UNESCO',
  version: '2024',
  sourceUrl: 'https://unesdoc.unesco.org/ark:/48223/pf0000391104',
};

const LEVELS = [
  { en: 'Acquire', fr: 'Acquérir', ar: 'الاكتساب' },
  { en: 'Deepen', fr: 'Approfondir', ar: 'التعمق' },
  { en: 'Create', fr: 'Créer', ar: 'الابتكار' },
];

const ASPECTS = [
  [
    { en: 'Human-centred mindset', fr: "État d'esprit centré sur l'humain", ar: 'عقلية محورها الإنسان' },
    { en: 'Human agency', fr: "Capacité d'agir humaine", ar: 'الفاعلية البشرية' },
    { en: 'Human accountability', fr: 'Responsabilité humaine', ar: 'المساءلة البشرية' },
    { en: 'Social responsibility', fr: 'Responsabilité sociale', ar: 'المسؤولية الاجتماعية' },
  ],
  [
    { en: 'Ethics of AI', fr: "Éthique de l'IA", ar: 'أخلاقيات الذكاء الاصطناعي' },
    { en: 'Ethical principles', fr: 'Principes éthiques', ar: 'المبادئ الأخلاقية' },
    { en: 'Safe and responsible use', fr: 'Utilisation sûre et responsable', ar: 'الاستخدام الآمن والمسؤول' },
    { en: 'Co-creating ethical rules', fr: 'Co-création de règles éthiques', ar: 'المشاركة في وضع القواعد الأخلاقية' },
  ],
  [
    { en: 'AI foundations and applications', fr: "Fondements et applications de l'IA", ar: 'أسس الذكاء الاصطناعي وتطبيقاته' },
    {
      en: 'Basic AI techniques and applications',
      fr: "Techniques et applications de base de l'IA",
      ar: 'تقنيات الذكاء الاصطناعي وتطبيقاته الأساسية',
    },
    { en: 'Application skills', fr: "Compétences d'application", ar: 'مهارات التطبيق' },
    { en: 'Creating with AI', fr: "Créer avec l'IA", ar: 'الإبداع باستخدام الذكاء الاصطناعي' },
  ],
  [
    { en: 'AI pedagogy', fr: "Pédagogie de l'IA", ar: 'أصول التدريس بالذكاء الاصطناعي' },
    { en: 'AI-assisted teaching', fr: "Enseignement assisté par l'IA", ar: 'التدريس بمساعدة الذكاء الاصطناعي' },
    { en: 'AI-pedagogy integration', fr: "Intégration de l'IA dans la pédagogie", ar: 'دمج الذكاء الاصطناعي في أصول التدريس' },
    {
      en: 'AI-enhanced pedagogical transformation',
      fr: "Transformation pédagogique renforcée par l'IA",
      ar: 'التحول التربوي المعزز بالذكاء الاصطناعي',
    },
  ],
  [
    {
      en: 'AI for professional development',
      fr: "L'IA pour le développement professionnel",
      ar: 'الذكاء الاصطناعي من أجل التطوير المهني',
    },
    {
      en: 'AI enabling lifelong professional learning',
      fr: "L'IA au service de l'apprentissage professionnel tout au long de la vie",
      ar: 'الذكاء الاصطناعي لتمكين التعلم المهني مدى الحياة',
    },
    {
      en: 'AI to enhance organizational learning',
      fr: "L'IA pour renforcer l'apprentissage organisationnel",
      ar: 'الذكاء الاصطناعي لتعزيز التعلم المؤسسي',
    },
    {
      en: 'AI to support professional transformation',
      fr: "L'IA pour accompagner la transformation professionnelle",
      ar: 'الذكاء الاصطناعي لدعم التحول المهني',
    },
  ],
];

export class UnescoAiCft1795444618225 implements MigrationInterface {
  name = 'UnescoAiCft1795444618225';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [framework] = (await queryRunner.query(
      'insert into competency_frameworks (slug, name, publisher, version, source_url) values ($1, $2, $3, $4, $5) returning id',
      [FRAMEWORK.slug, JSON.stringify(FRAMEWORK.name), FRAMEWORK.publisher, FRAMEWORK.version, FRAMEWORK.sourceUrl],
    )) as Array<{ id: string }>;
    for (const [a, [aspectName, ...competencies]] of ASPECTS.entries()) {
      for (const [l, name] of competencies.entries()) {
        await queryRunner.query(
          'insert into competencies (framework_id, code, aspect, aspect_name, level, level_name, name) values ($1, $2, $3, $4, $5, $6, $7)',
          [
            framework.id,
            `${a + 1}.${l + 1}`,
            a + 1,
            JSON.stringify(aspectName),
            l + 1,
            JSON.stringify(LEVELS[l]),
            JSON.stringify(name),
          ],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('delete from competency_frameworks where slug = $1', [FRAMEWORK.slug]);
  }
}
