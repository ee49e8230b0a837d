// The migration history, oldest first. `npm run migration:generate -- Name` appends to it.
import { Init1795444618224 } from './1795444618224-Init.js';
import { UnescoAiCft1795444618225 } from './1795444618225-UnescoAiCft.js';
import { IdempotencyRecords1795446639429 } from './1795446639429-IdempotencyRecords.js';
import { IdempotencyRecordsExpiryIndex1795447162762 } from './1795447162762-IdempotencyRecordsExpiryIndex.js';
import { AuditEvents1795447732312 } from './1795447732312-AuditEvents.js';
import { LearningRecords1795448203966 } from './1795448203966-LearningRecords.js';
import { AppendOnlyLearningRecords1795448203967 } from './1795448203967-AppendOnlyLearningRecords.js';
import { SigningKeys1795450121543 } from './1795450121543-SigningKeys.js';
import { StatusLists1795450592424 } from './1795450592424-StatusLists.js';
import { Issuance1795452533691 } from './1795452533691-Issuance.js';
import { JobQueue1795452533692 } from './1795452533692-JobQueue.js';
import { IssuerDidMethod1795456894780 } from './1795456894780-IssuerDidMethod.js';
import { Certificates1795461261590 } from './1795461261590-Certificates.js';
import { CredentialSharing1796064926198 } from './1796064926198-CredentialSharing.js';
import { PortalSessions1796070349674 } from './1796070349674-PortalSessions.js';
import { HolderDid1796150140471 } from './1796150140471-HolderDid.js';
import { CredentialExternalId1796151352686 } from './1796151352686-CredentialExternalId.js';
import { RecordRetraction1796161088093 } from './1796161088093-RecordRetraction.js';
import { CredentialDocumentDigest1796240000000 } from './1796240000000-CredentialDocumentDigest.js';

export const MIGRATIONS = [
  Init1795444618224,
  UnescoAiCft1795444618225,
  IdempotencyRecords1795446639429,
  IdempotencyRecordsExpiryIndex1795447162762,
  AuditEvents1795447732312,
  LearningRecords1795448203966,
  AppendOnlyLearningRecords1795448203967,
  SigningKeys1795450121543,
  StatusLists1795450592424,
  Issuance1795452533691,
  JobQueue1795452533692,
  IssuerDidMethod1795456894780,
  Certificates1795461261590,
  CredentialSharing1796064926198,
  PortalSessions1796070349674,
  HolderDid1796150140471,
  CredentialExternalId1796151352686,
  RecordRetraction1796161088093,
  CredentialDocumentDigest1796240000000,
];
