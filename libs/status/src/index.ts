export { StatusModule } from './status.module.js';
export { StatusLists, STATUS_LIST_LENGTH } from './status-lists.js';
export type { StatusAllocation } from './status-lists.js';
export { StatusList, STATUS_PURPOSES } from './entities/status-list.entity.js';
export type { StatusPurpose } from './entities/status-list.entity.js';
export { StatusEntry } from './entities/status-entry.entity.js';
export { encodeBitstring, decodeBitstring, getBit, postgresBitNumber } from './bitstring.js';
