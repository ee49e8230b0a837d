export { CatalogueModule } from './catalogue.module.js';
export { CatalogueService } from './catalogue.service.js';
export * from './entities/index.js';
export { UNESCO_AI_CFT_SLUG, CFT_ASPECT_COUNT, CFT_LEVEL_COUNT } from './unesco-ai-cft.js';
