export { DemoModule } from './demo.module.js';
export { DemoSeeder } from './demo-seeder.js';
export { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_ADMIN_EMAIL, DEMO_WORKSHOP_COHORT } from './demo-data.js';
export type { DemoAccount, DemoOrganisation, DemoProgramme } from './demo-data.js';
