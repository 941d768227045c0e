import { AuditEntry } from './audit/audit-entry.entity.js';
import { StoredApiKey } from './auth/api-key.entity.js';
import { MatrixVersion } from './matrices/matrix-version.entity.js';

/**
 * Every entity, for the tools that open a DataSource without Nest (the TypeORM CLI, the
 * schema test). The app itself collects them from each module's TypeOrmModule.forFeature.
 * The evaluations table has no entity: EvaluationStore reads and writes it through the driver.
 */
export const ENTITIES = [MatrixVersion, StoredApiKey, AuditEntry];
