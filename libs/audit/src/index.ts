export { AuditModule } from './audit.module.js';
export { AuditLog, SYSTEM_ACTOR } from './audit-log.js';
export type { Actor, AuditEntry, AuditQuery } from './audit-log.js';
export { AuditEvent } from './audit-event.entity.js';
