/**
 * The UNESCO AI Competency Framework for Teachers (2024): five aspects crossed with three
 * progression levels (Acquire, Deepen, Create) give fifteen competencies, coded
 * "{aspect}.{level}". Its texts are reference data loaded by a migration
 * (libs/persistence/src/migrations/*-UnescoAiCft.ts) and read from the database.
 */
export const UNESCO_AI_CFT_SLUG = 'unesco-ai-cft';
