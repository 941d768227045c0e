import { InitialSchema1763800000000 } from './1763800000000-initial-schema.js';
import { AppendOnlyRecords1763820000000 } from './1763820000000-append-only-records.js';
import { ApiKeyIds1764100000000 } from './1764100000000-api-key-ids.js';
import { AuthFailures1764110000000 } from './1764110000000-auth-failures.js';
import { AuditKeyIds1764120000000 } from './1764120000000-audit-key-ids.js';
import { PackedAnswers1764200000000 } from './1764200000000-packed-answers.js';
import { AnswerTemplates1764300000000 } from './1764300000000-answer-templates.js';
import { MatrixChangeCounter1764400000000 } from './1764400000000-matrix-change-counter.js';

/** Every migration, oldest first. Listed by hand so the app, the CLI and ts-jest load the same set. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  AppendOnlyRecords1763820000000,
  ApiKeyIds1764100000000,
  AuthFailures1764110000000,
  AuditKeyIds1764120000000,
  PackedAnswers1764200000000,
  AnswerTemplates1764300000000,
  MatrixChangeCounter1764400000000,
];
