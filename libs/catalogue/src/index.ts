export { CatalogueModule } from './catalogue.module.js';
export { CatalogueService } from './catalogue.service.js';
export * from './entities/index.js';
export { UNESCO_AI_CFT_SLUG } from './unesco-ai-cft.js';
export { CatalogueWriter } from './catalogue-writer.js';
export type { OrganisationInput, ModuleInput, ProgrammeContent } from './catalogue-writer.js';
export { CatalogueError, CATALOGUE_ERROR_CODES } from './catalogue-errors.js';
export type { CatalogueErrorCode } from './catalogue-errors.js';
