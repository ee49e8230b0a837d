export { CatalogueModule } from './catalogue.module.js';
export { CatalogueService } from './catalogue.service.js';
export * from './entities/index.js';
export { UNESCO_AI_CFT_SLUG } from './unesco-ai-cft.js';
