// Generated from openapi.yaml by `npm run openapi` (openapi-typescript); do not edit.

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["getLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers and an active matrix is loaded */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics, for METRICS_TOKEN or an admin key */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every key, revoked ones included, without secrets (admin) */
        get: operations["listApiKeys"];
        put?: never;
        /** Create a key (admin); the answer carries its secret, once */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke the active key of this name (admin); every replica refuses it within a second */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Matrix lifecycle actions, newest first (admin) */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Stored evaluations, newest first (evaluators see only their own) */
        get: operations["listEvaluations"];
        put?: never;
        /** Recommend a placement for one workload and store the decision */
        post: operations["createEvaluation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One stored evaluation; with Accept: text/markdown, the decision as an architecture decision record (MADR) */
        get: operations["getEvaluation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluations/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-decide a stored evaluation under another matrix version (default: the active one), side by side; stores nothing */
        post: operations["replayEvaluation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/evaluations/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluate up to 1000 workloads in one transaction, with a count per recommendation */
        post: operations["createEvaluationBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Matrix versions with status, checksum and timestamps (drafts only for admins) */
        get: operations["listMatrices"];
        put?: never;
        /** Create a draft from a matrix document (admin) */
        post: operations["createMatrixDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices/{from}/diff/{to}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What changed from one version to another, item by item, with a readable summary */
        get: operations["diffMatrices"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One matrix version with its document; the ETag is what If-Match needs */
        get: operations["getMatrix"];
        /** Replace a draft (admin); If-Match must carry the current ETag */
        put: operations["replaceMatrixDraft"];
        post?: never;
        /** Delete a draft (admin); If-Match is checked when sent */
        delete: operations["deleteMatrixDraft"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices/{version}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a published version the default for new evaluations; activating an older one rolls back (admin) */
        post: operations["activateMatrix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices/{version}/deprecate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deprecate a published version: still usable when pinned, never the default (admin) */
        post: operations["deprecateMatrix"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices/{version}/impact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-decide stored evaluations under a draft or published version and report what would change (admin; stores nothing) */
        post: operations["reportMatrixImpact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a draft if every one of its examples gives its expected answer (admin) */
        post: operations["publishMatrixDraft"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/matrices/active": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The version new evaluations use by default */
        get: operations["getActiveMatrix"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/workloads/derive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Draft a workload request from a Kubernetes Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob (JSON or YAML); stores nothing */
        post: operations["deriveWorkload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            /**
             * Format: uuid
             * @description Immutable; what stored evaluations belong to
             */
            id: string;
            /**
             * Format: date-time
             * @description Recorded to the minute
             */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @enum {string} */
            role: "evaluator" | "admin";
            /**
             * @description API_KEYS, the first start, this API or the CLI, or a name from before keys had ids
             * @enum {string}
             */
            source: "config" | "bootstrap" | "api" | "legacy";
        };
        ApiKeyListDto: {
            items: components["schemas"]["ApiKeyDto"][];
        };
        AuditEntryDto: {
            /** @enum {string} */
            action: "create" | "update" | "delete" | "publish" | "activate" | "deprecate";
            /**
             * Format: uuid
             * @description Immutable id of the key that acted (names can be reused); null in entries older than key ids
             */
            apiKeyId: string | null;
            /** @description Name of the key that acted */
            apiKeyName: string;
            /** @description Checksum of the document after the action */
            checksum: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: uuid */
            id: string;
            version: string;
        };
        AuditPageDto: {
            items: components["schemas"]["AuditEntryDto"][];
            nextCursor: string | null;
        };
        BatchEvaluationDto: {
            /** @description Workloads to evaluate; answers keep this order. */
            workloads: components["schemas"]["WorkloadDto"][];
        };
        BatchResponseDto: {
            /** @description In input order */
            items: components["schemas"]["EvaluationResponseDto"][];
            summary: components["schemas"]["RecommendationCountsDto"];
        };
        BatchSummaryResponseDto: {
            /** @description In input order */
            items: components["schemas"]["EvaluationSummaryDto"][];
            summary: components["schemas"]["RecommendationCountsDto"];
        };
        ChangedDecisionDto: {
            /** Format: date-time */
            createdAt: string;
            from: string | null;
            /** Format: uuid */
            id: string;
            /** @description Version the stored decision used */
            matrixVersion: string;
            movedFactors: components["schemas"]["MovedFactorDto"][];
            to: string | null;
            workload: string;
        };
        ChecklistComparisonDto: {
            added: components["schemas"]["HardeningItemDto"][];
            /** @description Items on both lists whose level or text changed */
            changed: components["schemas"]["HardeningChangeDto"][];
            removed: components["schemas"]["HardeningItemDto"][];
        };
        ComparisonDto: {
            eligibilityChanged: components["schemas"]["EligibilityChangeDto"][];
            /** @enum {string|null} */
            from: "container" | "microvm" | "vm" | "hybrid" | null;
            /** @description What the hardening checklist gained, lost and reworded */
            hardening: components["schemas"]["ChecklistComparisonDto"];
            movedFactors: components["schemas"]["MovedFactorDto"][];
            recommendationChanged: boolean;
            /** @description Options now scored and sized on another runtime */
            runtimesChanged: components["schemas"]["RuntimeChangeDto"][];
            scores: components["schemas"]["ScoreChangeDto"][];
            /** @enum {string|null} */
            to: "container" | "microvm" | "vm" | "hybrid" | null;
        };
        ConfidenceDto: {
            /** @enum {string} */
            level: "high" | "medium" | "low";
            /** @example 10.8 */
            margin: number | null;
            /**
             * @example [
             *       "startupBudgetMs"
             *     ]
             */
            sensitiveTo: string[];
            /**
             * @description Share of single neighbouring changes that keep the answer
             * @example 0.93
             */
            stability: number;
        };
        CounterfactualDto: {
            changes: components["schemas"]["WorkloadChangeDto"][];
            /**
             * @description switch: the changes make `option` the answer; rule-out: they rule the current answer out and `option` takes its place
             * @enum {string}
             */
            kind: "switch" | "rule-out";
            /**
             * @description The new answer's lead after the changes
             * @example 4.2
             */
            margin: number;
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
        };
        CreateApiKeyDto: {
            /**
             * Format: date-time
             * @description When the key stops working (at most ten years ahead); never when absent.
             */
            expiresAt?: string;
            /**
             * @description A label for people: 1-100 letters, digits, dots, dashes or underscores. Unique among active keys; records belong to the key's id, not its name.
             * @example ci-pipeline
             */
            name: string;
            /** @enum {string} */
            role: "evaluator" | "admin";
        };
        CreatedApiKeyDto: {
            /** Format: date-time */
            createdAt: string;
            createdBy: string | null;
            /** Format: date-time */
            expiresAt: string | null;
            /**
             * Format: uuid
             * @description Immutable; what stored evaluations belong to
             */
            id: string;
            /**
             * Format: date-time
             * @description Recorded to the minute
             */
            lastUsedAt: string | null;
            name: string;
            /** Format: date-time */
            revokedAt: string | null;
            /** @enum {string} */
            role: "evaluator" | "admin";
            /** @description The secret, shown this once; only its SHA-256 is stored */
            secret: string;
            /**
             * @description API_KEYS, the first start, this API or the CLI, or a name from before keys had ids
             * @enum {string}
             */
            source: "config" | "bootstrap" | "api" | "legacy";
        };
        CurrentPlacementDto: {
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
            reason: string;
            /**
             * @description `behind`: it contains the workload as well as the recommendation and trails it only on cost and fit; `risk`: the recommendation contains it better
             * @enum {string}
             */
            status: "acceptable" | "behind" | "risk" | "ruled-out";
        };
        DeriveResponseDto: {
            /**
             * @description From runtimeClassName (absent means the default runc); null for an unknown class
             * @enum {string|null}
             */
            currentPlacement: "container" | "microvm" | "vm" | "hybrid" | null;
            /**
             * @description Attributes a manifest cannot tell; add them before evaluating
             * @example [
             *       "codeTrust",
             *       "tenancy",
             *       "compliance"
             *     ]
             */
            missing: string[];
            /**
             * @description For each derived field, the manifest path it came from
             * @example {
             *       "privileges": "spec.template.spec.hostNetwork",
             *       "scale.instances": "spec.replicas"
             *     }
             */
            provenance: {
                [key: string]: string;
            };
            /**
             * @description The request fields the manifest could tell
             * @example {
             *       "currentPlacement": "container",
             *       "name": "checkout",
             *       "orchestration": "kubernetes",
             *       "privileges": [
             *         "host-network"
             *       ],
             *       "scale": {
             *         "instances": 6
             *       },
             *       "workloadType": "microservice"
             *     }
             */
            workload: {
                [key: string]: unknown;
            };
        };
        EligibilityChangeDto: {
            after: boolean;
            before: boolean;
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
        };
        EstimatesDto: {
            /** @enum {string} */
            memorySource: "workload" | "matrix-default";
            options: components["schemas"]["OptionEstimateDto"][];
            referenceHost: string;
        };
        EvaluationPageDto: {
            items: components["schemas"]["EvaluationResponseDto"][];
            /** @description Pass as cursor for the next page; null on the last page */
            nextCursor: string | null;
        };
        EvaluationResponseDto: {
            /** @description How sure the answer is; absent on records stored before it existed */
            confidence?: components["schemas"]["ConfidenceDto"];
            /** @description What would change the answer; absent on records stored before it existed */
            counterfactuals?: components["schemas"]["CounterfactualDto"][];
            /**
             * Format: date-time
             * @description Absent on a dry run
             */
            createdAt?: string;
            /** @description Present when the request named its currentPlacement */
            currentPlacement?: components["schemas"]["CurrentPlacementDto"];
            estimates: components["schemas"]["EstimatesDto"];
            hardening: components["schemas"]["HardeningItemDto"][];
            /**
             * Format: uuid
             * @description Absent on a dry run
             */
            id?: string;
            /** @description Present when orchestration is kubernetes */
            kubernetes?: components["schemas"]["KubernetesAdviceDto"];
            matrix: components["schemas"]["MatrixRefDto"];
            options: components["schemas"]["OptionResultDto"][];
            rationale: components["schemas"]["RationaleDto"];
            /**
             * @description null when every option is excluded
             * @enum {string|null}
             */
            recommendation: "container" | "microvm" | "vm" | "hybrid" | null;
            /** @description Every runtime the matrix names, whether it fits this workload and which one each option was scored on. Empty under matrices without runtimes (2026.1). */
            runtimes?: components["schemas"]["RuntimeFitDto"][];
            /** @description The input with every default filled in */
            workload: {
                [key: string]: unknown;
            };
        };
        EvaluationSummaryDto: {
            /** @enum {string|null} */
            confidence: "high" | "medium" | "low" | null;
            /**
             * Format: date-time
             * @description Absent on a dry run
             */
            createdAt?: string;
            /**
             * Format: uuid
             * @description Absent on a dry run; GET /v1/evaluations/{id} returns the full stored answer
             */
            id?: string;
            /** @description Points between the recommendation and the runner-up */
            margin: number | null;
            matrix: components["schemas"]["MatrixRefDto"];
            /** @description The workload's name */
            name: string;
            /**
             * @description null when every option is excluded
             * @enum {string|null}
             */
            recommendation: "container" | "microvm" | "vm" | "hybrid" | null;
            /** @enum {string|null} */
            runnerUp: "container" | "microvm" | "vm" | "hybrid" | null;
            tie: boolean;
        };
        EvaluationSummaryPageDto: {
            items: components["schemas"]["EvaluationSummaryDto"][];
            /** @description Pass as cursor for the next page; null on the last page */
            nextCursor: string | null;
        };
        ExclusionDto: {
            /** @example untrusted-tenants-never-share-a-kernel */
            constraint: string;
            reason: string;
        };
        FactorDto: {
            /**
             * @description Points per option; each option's points add up to its score
             * @example {
             *       "container": 2.1,
             *       "hybrid": 4.2,
             *       "microvm": 6.3,
             *       "vm": 7
             *     }
             */
            contributions: Record<string, never>;
            criterion: string;
            importance: number;
            name: string;
            setBy: components["schemas"]["ImportanceSourceDto"][];
        };
        FieldChangeDto: {
            /** @description New value (absent when removed) */
            after?: string | number | boolean | unknown[] | {
                [key: string]: unknown;
            };
            /** @description Old value (absent when added) */
            before?: string | number | boolean | unknown[] | {
                [key: string]: unknown;
            };
            /** @example ratings.container */
            path: string;
        };
        HardeningChangeDto: {
            after: components["schemas"]["HardeningItemDto"];
            before: components["schemas"]["HardeningItemDto"];
            id: string;
        };
        HardeningItemDto: {
            id: string;
            /** @enum {string} */
            level: "must" | "should";
            text: string;
        };
        ImpactCandidateDto: {
            checksum: string;
            status: string;
            version: string;
        };
        ImpactReportDto: {
            candidate: components["schemas"]["ImpactCandidateDto"];
            changed: number;
            changes: components["schemas"]["ChangedDecisionDto"][];
            /** @description Old recommendation to new, with counts (unchanged pairs included) */
            transitions: components["schemas"]["TransitionDto"][];
            unchanged: number;
            window: components["schemas"]["ImpactWindowDto"];
        };
        ImpactWindowDto: {
            /** @description Stored evaluations re-decided */
            evaluated: number;
            limit: number;
            newest: string | null;
            oldest: string | null;
            since: string | null;
        };
        ImportanceSourceDto: {
            /** @description Workload fields the rule looked at */
            fields: string[];
            importance: number;
            reason: string;
            rule: string;
        };
        KubernetesAdviceDto: {
            note: string;
            /** @description runtimeClassName, os when the runtime is tied to one, the pod settings (hostNetwork, dnsPolicy), securityContext and container resources (a GPU limit) the hardening checklist asks for */
            podSpec: {
                [key: string]: unknown;
            };
            /**
             * @description A node.k8s.io/v1 RuntimeClass; null when the answer is a VM
             * @example {
             *       "apiVersion": "node.k8s.io/v1",
             *       "handler": "kata-qemu",
             *       "kind": "RuntimeClass",
             *       "metadata": {
             *         "name": "placement-kata-qemu"
             *       },
             *       "overhead": {
             *         "podFixed": {
             *           "cpu": "250m",
             *           "memory": "160Mi"
             *         }
             *       }
             *     }
             */
            runtimeClass: {
                [key: string]: unknown;
            } | null;
        };
        MatrixChangeDto: {
            /** @description The whole item or value after (absent when removed) */
            after?: string | number | boolean | unknown[] | {
                [key: string]: unknown;
            };
            /** @description The whole item or value before (absent when added) */
            before?: string | number | boolean | unknown[] | {
                [key: string]: unknown;
            };
            /** @enum {string} */
            change: "added" | "removed" | "changed";
            fields?: components["schemas"]["FieldChangeDto"][];
            /** @description Item id, option, or field name */
            id: string;
            /** @enum {string} */
            section: "metadata" | "options" | "criteria" | "importanceRules" | "importanceCurves" | "constraints" | "runtimes" | "estimates" | "hardening" | "settings" | "examples";
        };
        MatrixDiffDto: {
            changes: components["schemas"]["MatrixChangeDto"][];
            from: string;
            /** @description True when nothing but the version name differs */
            identical: boolean;
            /** @description Readable summary, one line per section */
            summary: string;
            to: string;
        };
        MatrixListDto: {
            items: components["schemas"]["MatrixSummaryDto"][];
        };
        MatrixRefDto: {
            /** @description sha256 of the canonical JSON of the matrix */
            checksum: string;
            /** @example 2026.20 */
            version: string;
        };
        MatrixSummaryDto: {
            active: boolean;
            checksum: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            publishedAt: string | null;
            /** @enum {string} */
            status: "draft" | "published" | "deprecated";
            /** Format: date-time */
            updatedAt: string;
            version: string;
        };
        MatrixViewDto: {
            /** @description The default for new evaluations */
            active: boolean;
            /** @description sha256 of the canonical JSON of the document */
            checksum: string;
            /** Format: date-time */
            createdAt: string;
            /** @description Name of the key that created it */
            createdBy: string;
            /** @description The matrix exactly as it would be posted to create a new version */
            document: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            publishedAt: string | null;
            /** @enum {string} */
            status: "draft" | "published" | "deprecated";
            /** Format: date-time */
            updatedAt: string;
            /** @example 2026.1 */
            version: string;
        };
        MovedFactorDto: {
            criterion: string;
            importanceAfter: number | null;
            importanceBefore: number | null;
            name: string;
            /** @description Points this criterion moved towards the new recommendation */
            swing: number;
        };
        OptionEstimateDto: {
            cpuOverheadPct: components["schemas"]["RangeDto"];
            /** @description 0 where the provider runs the hosts (hostsRunByProvider) */
            hostsNeeded: number;
            /**
             * @description Present when the runtime's hosts are the provider's (AWS Fargate): the team runs none, and hostsNeeded is 0
             * @enum {boolean}
             */
            hostsRunByProvider?: true;
            instancesPlanned: number;
            /**
             * @description Present when one instance with its overhead needs more memory than the reference host offers; hostsNeeded then counts one larger host per instance
             * @enum {boolean}
             */
            largerHostsNeeded?: true;
            /** @description null when no budget was given */
            meetsStartupBudget: boolean | null;
            memoryMbPerInstance: number;
            memoryOverheadMbTotal: number;
            /** @description Hybrid: a new tenant waits for its VM to boot */
            newTenantStartupMs?: components["schemas"]["RangeDto"];
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
            /** @description The runtime these figures belong to */
            runtime?: string | null;
            startupMs: components["schemas"]["RangeDto"];
            /**
             * @description Hybrid, where the workload states its tenants and the matrix sizes per tenant, or where the matrix sizes tenant VMs to pack (2026.19 on): the VMs of all tenants together
             * @example 40
             */
            tenantVmsPlanned?: number;
        };
        OptionResultDto: {
            eligible: boolean;
            exclusions: components["schemas"]["ExclusionDto"][];
            /** @example Virtual machine */
            label: string;
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
            /** @description 1 is best; null when excluded */
            rank: number | null;
            /**
             * @description The runtime the option was scored and sized on (its best fitting one); null when the matrix names no runtimes. Absent on records stored before runtimes existed.
             * @example kata-containers
             */
            runtime?: string | null;
            /** @description null when excluded */
            score: number | null;
        };
        Problem: {
            detail: string;
            errors?: {
                message?: string;
                /** @example scale.instances */
                path?: string;
            }[];
            /** @description The request path */
            instance?: string;
            /** @description The X-Request-Id of this request, also on its log line */
            requestId?: string;
            status: number;
            title: string;
            /** @example /problems/validation-failed */
            type: string;
        };
        RangeDto: {
            max: number;
            min: number;
        };
        RationaleDto: {
            factors: components["schemas"]["FactorDto"][];
            /** @description Points between first and second */
            margin: number | null;
            /** @enum {string|null} */
            runnerUp: "container" | "microvm" | "vm" | "hybrid" | null;
            /** @description A paragraph to paste into a design document */
            summary: string;
            /** @description The two best scores are equal and the matrix tie-break rule chose; the summary names both. Absent on records stored before it existed. */
            tie?: boolean;
        };
        RecommendationCountsDto: {
            container: number;
            hybrid: number;
            microvm: number;
            /** @description Workloads no option fits */
            none: number;
            total: number;
            vm: number;
        };
        ReplayResponseDto: {
            /** @description The answer under the requested version */
            after: components["schemas"]["ReplaySideDto"];
            /** @description The stored answer */
            before: components["schemas"]["ReplaySideDto"];
            changes: components["schemas"]["ComparisonDto"];
            /** Format: uuid */
            evaluationId: string;
            workload: {
                [key: string]: unknown;
            };
        };
        ReplaySideDto: {
            /** @description How sure the answer is; absent on records stored before it existed */
            confidence?: components["schemas"]["ConfidenceDto"];
            /** @description What would change the answer; absent on records stored before it existed */
            counterfactuals?: components["schemas"]["CounterfactualDto"][];
            /** @description Present when the request named its currentPlacement */
            currentPlacement?: components["schemas"]["CurrentPlacementDto"];
            estimates: components["schemas"]["EstimatesDto"];
            hardening: components["schemas"]["HardeningItemDto"][];
            /** @description Present when orchestration is kubernetes */
            kubernetes?: components["schemas"]["KubernetesAdviceDto"];
            matrix: components["schemas"]["MatrixRefDto"];
            options: components["schemas"]["OptionResultDto"][];
            rationale: components["schemas"]["RationaleDto"];
            /**
             * @description null when every option is excluded
             * @enum {string|null}
             */
            recommendation: "container" | "microvm" | "vm" | "hybrid" | null;
            /** @description Every runtime the matrix names, whether it fits this workload and which one each option was scored on. Empty under matrices without runtimes (2026.1). */
            runtimes?: components["schemas"]["RuntimeFitDto"][];
        };
        RuntimeChangeDto: {
            after: string | null;
            before: string | null;
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
        };
        RuntimeFitDto: {
            fits: boolean;
            /** @example Kata Containers */
            label: string;
            /**
             * @description The runtime id in the matrix
             * @example kata-containers
             */
            name: string;
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
            /** @example it has no GPU or PCI passthrough */
            reason: string;
            /** @description 0-100 on this workload; null when it does not fit */
            score: number | null;
            /** @description The runtime its option was scored on */
            selected: boolean;
        };
        ScaleDto: {
            /**
             * @description Peak instances during a burst; sizing uses this when given.
             * @example 100
             */
            burstInstances?: number;
            /**
             * @description Instances running in steady state.
             * @example 10
             */
            instances: number;
            /**
             * @description How fast the burst must be reached, in seconds (greater than 0).
             * @example 30
             */
            scaleOutSeconds?: number;
            /**
             * @description How many tenants the instances belong to, for a multi-tenant workload (dropped for a single-tenant one). Matrices from 2026.12 size per tenant with it: an option that walls tenants apart runs an instance per tenant at least, and hybrid gives each tenant VMs of its own.
             * @example 40
             */
            tenants?: number;
        };
        ScoreChangeDto: {
            after: number | null;
            before: number | null;
            delta: number | null;
            /** @enum {string} */
            option: "container" | "microvm" | "vm" | "hybrid";
        };
        TransitionDto: {
            count: number;
            /** @enum {string} */
            from: "container" | "microvm" | "vm" | "hybrid" | "none";
            /** @enum {string} */
            to: "container" | "microvm" | "vm" | "hybrid" | "none";
        };
        WorkloadChangeDto: {
            /**
             * @description The request field in dot notation (scale.instances)
             * @example codeTrust
             */
            field: string;
            /**
             * @description null when the request did not set it
             * @example untrusted
             */
            from: (string | null) | number | boolean | string[];
            /**
             * @description A value the request schema accepts
             * @example first-party
             */
            to: string | number | boolean | string[];
        };
        WorkloadDto: {
            /**
             * @description Who wrote the code that runs.
             * @enum {string}
             */
            codeTrust: "first-party" | "vetted-third-party" | "untrusted";
            /**
             * @description Compliance regimes the workload falls under.
             * @default []
             */
            compliance?: ("pci-dss" | "hipaa" | "fedramp" | "soc2" | "iso27001" | "gdpr")[];
            /**
             * @description The host operator must not see the workload's memory: confidential VMs or confidential containers with attestation (SEV-SNP, TDX).
             * @default false
             */
            confidentialComputing?: boolean;
            /**
             * @description How much the owners care about cost.
             * @default medium
             * @enum {string}
             */
            costSensitivity?: "low" | "medium" | "high";
            /**
             * @description Where the workload runs today; the answer then says whether that is acceptable, a risk or ruled out. Changes no score.
             * @enum {string}
             */
            currentPlacement?: "container" | "microvm" | "vm" | "hybrid";
            /**
             * @description The workload gets hosts (or a node pool) that run nothing else, so the host kernel and its modules are its own to choose.
             * @default false
             */
            dedicatedHosts?: boolean;
            /**
             * @description GPU needs: none, a share of a GPU, or whole GPUs.
             * @default none
             * @enum {string}
             */
            gpu?: "none" | "shared" | "dedicated";
            /**
             * @description How a shared GPU is split: time-slicing (or MPS) within one OS, MIG hardware partitions, or vGPU through a hypervisor. Used only when gpu is shared (default time-slicing); ignored otherwise.
             * @enum {string}
             */
            gpuSharing?: "time-slicing" | "mig" | "vgpu";
            /**
             * @description The workload exists to act on its host (device drivers, CNI or CSI plugins, node monitoring or security agents), so it must see the host kernel.
             * @default false
             */
            hostAgent?: boolean;
            /**
             * @description Kernel needs beyond a stock shared Linux kernel.
             * @default []
             */
            kernelRequirements?: ("custom-kernel" | "kernel-modules" | "specific-version" | "kernel-tuning" | "realtime")[];
            /**
             * @description Legacy software that expects root, a full OS and an init system.
             * @default false
             */
            legacy?: boolean;
            /**
             * @description Memory per instance in MB; the matrix default when absent.
             * @example 256
             */
            memoryMbPerInstance?: number;
            /**
             * @description What the workload is called in the caller's world; printable text, no control characters.
             * @example Checkout microservices
             */
            name: string;
            /**
             * @description Needs to run VMs itself (Docker-in-Docker with KVM, emulators).
             * @default false
             */
            nestedVirtualization?: boolean;
            /**
             * @description Orchestrator the workload is deployed through.
             * @default none
             * @enum {string}
             */
            orchestration?: "kubernetes" | "nomad" | "ecs" | "none";
            /**
             * @description Operating system the workload needs.
             * @default linux
             * @enum {string}
             */
            os?: "linux" | "windows" | "other";
            /**
             * @description Elevated privileges the workload asks for (host-devices: direct access to host devices such as /dev entries or PCI passthrough).
             * @default []
             */
            privileges?: ("root" | "privileged" | "host-network" | "host-mounts" | "host-devices" | "docker-socket" | "sys-admin")[];
            /**
             * @description An auditor explicitly mandates hardware isolation.
             * @default false
             */
            requiresHardwareIsolation?: boolean;
            /**
             * @description Scale; defaults to one instance.
             * @default {
             *       "instances": 1
             *     }
             */
            scale?: components["schemas"]["ScaleDto"];
            /**
             * @description p95 cold-start budget in milliseconds.
             * @example 1000
             */
            startupBudgetMs?: number;
            /**
             * @description Whether different customers' workloads share hosts.
             * @enum {string}
             */
            tenancy: "single-tenant" | "multi-tenant";
            /**
             * @description The fleet runs Windows Server container hosts (machines or VMs, a Windows node pool among them). Without them a Windows workload gets a Windows guest, not Windows containers.
             * @default false
             */
            windowsHosts?: boolean;
            /**
             * @description Shape of the workload.
             * @default microservice
             * @enum {string}
             */
            workloadType?: "microservice" | "monolith" | "function" | "batch" | "stateful-service";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready; details per check */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database or matrix is not available; the request was not acknowledged */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format 0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyListDto"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description nextCursor from the previous page */
                cursor?: string;
                limit?: number;
                /** @description Only this matrix version For example 2026.1. */
                version?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPageDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listEvaluations: {
        parameters: {
            query?: {
                /** @description nextCursor from the previous page */
                cursor?: string;
                limit?: number;
                /** @description Only decisions made under this version. For example 2026.1. */
                matrixVersion?: string;
                recommendation?: "container" | "microvm" | "vm" | "hybrid";
                /** @description Exact workload name. */
                workload?: string;
            };
            header?: {
                /** @description return=minimal: answer with the decision, its confidence and the record id only (schemas EvaluationSummaryDto, BatchSummaryResponseDto and EvaluationSummaryPageDto; Preference-Applied says so). The full answer is stored either way and GET /v1/evaluations/{id} returns it. */
                Prefer?: "return=minimal" | "return=representation";
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description With Prefer: return=minimal, an EvaluationSummaryPageDto instead: each record's decision, not its whole answer. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationPageDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEvaluation: {
        parameters: {
            query?: {
                /** @description Evaluate without storing anything (answers 200). */
                dryRun?: boolean;
                /** @description Pin a matrix version; the active one when absent. For example 2026.1. */
                matrixVersion?: string;
            };
            header?: {
                /** @description return=minimal: answer with the decision, its confidence and the record id only (schemas EvaluationSummaryDto, BatchSummaryResponseDto and EvaluationSummaryPageDto; Preference-Applied says so). The full answer is stored either way and GET /v1/evaluations/{id} returns it. */
                Prefer?: "return=minimal" | "return=representation";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkloadDto"];
            };
        };
        responses: {
            /** @description dryRun=true: evaluated, nothing stored. With Prefer: return=minimal, an EvaluationSummaryDto instead. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationResponseDto"];
                };
            };
            /** @description Stored; Location names the record. With Prefer: return=minimal, an EvaluationSummaryDto instead. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationResponseDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over the limit: 2 MB for matrix documents, 256 KB elsewhere; detail states which */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Content type not accepted here */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Understood but not acceptable; errors[] says why */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database or matrix is not available; the request was not acknowledged */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getEvaluation: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of a copy the client holds; 304 when it is still current */
                "If-None-Match"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON by default; Markdown when the Accept header asks for text/markdown */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EvaluationResponseDto"];
                    /**
                     * @example # Run "Checkout microservices" as Container
                     *
                     *     - Status: proposed
                     *     ...
                     */
                    "text/markdown": string;
                };
            };
            /** @description Not modified: the copy with this ETag is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replayEvaluation: {
        parameters: {
            query?: {
                /** @description Version to replay under; the active one when absent. Drafts: admins only. For example 2026.1. */
                matrixVersion?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayResponseDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Understood but not acceptable; errors[] says why */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createEvaluationBatch: {
        parameters: {
            query?: {
                /** @description Evaluate without storing anything (answers 200). */
                dryRun?: boolean;
                /** @description Pin a matrix version; the active one when absent. For example 2026.1. */
                matrixVersion?: string;
            };
            header?: {
                /** @description return=minimal: answer with the decision, its confidence and the record id only (schemas EvaluationSummaryDto, BatchSummaryResponseDto and EvaluationSummaryPageDto; Preference-Applied says so). The full answer is stored either way and GET /v1/evaluations/{id} returns it. */
                Prefer?: "return=minimal" | "return=representation";
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BatchEvaluationDto"];
            };
        };
        responses: {
            /** @description dryRun=true: evaluated, nothing stored. With Prefer: return=minimal, a BatchSummaryResponseDto instead. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResponseDto"];
                };
            };
            /** @description Stored, all or none. With Prefer: return=minimal, a BatchSummaryResponseDto instead. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BatchResponseDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over the limit: 2 MB for matrix documents, 256 KB elsewhere; detail states which */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Content type not accepted here */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Understood but not acceptable; errors[] says why */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The database or matrix is not available; the request was not acknowledged */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMatrices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixListDto"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createMatrixDraft: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A whole matrix document (the shape of GET /v1/matrices/{version} `document`), as JSON or YAML. Its own `version` names the new version. */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
                "application/yaml": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Draft created; Location and ETag set */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixViewDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over the limit: 2 MB for matrix documents, 256 KB elsewhere; detail states which */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Understood but not acceptable; errors[] says why */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    diffMatrices: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                from: string;
                to: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixDiffDto"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMatrix: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of a copy the client holds; 304 when it is still current */
                "If-None-Match"?: string;
            };
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixViewDto"];
                };
            };
            /** @description Not modified: the copy with this ETag is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    replaceMatrixDraft: {
        parameters: {
            query?: never;
            header: {
                /** @description ETag from the last read of this draft */
                "If-Match": string;
            };
            path: {
                version: string;
            };
            cookie?: never;
        };
        /** @description A whole matrix document (the shape of GET /v1/matrices/{version} `document`), as JSON or YAML. Its own `version` names the new version. */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
                "application/yaml": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixViewDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match does not match the current ETag */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Understood but not acceptable; errors[] says why */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match is required */
            428: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteMatrixDraft: {
        parameters: {
            query?: never;
            header?: {
                "If-Match"?: string;
            };
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description If-Match does not match the current ETag */
            412: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    activateMatrix: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixViewDto"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deprecateMatrix: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixViewDto"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    reportMatrixImpact: {
        parameters: {
            query?: {
                /** @description The latest this many evaluations */
                limit?: number;
                /** @description Only evaluations stored at or after this time */
                since?: string;
            };
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImpactReportDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    publishMatrixDraft: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixViewDto"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The key's role may not do this */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found (or not visible to this key) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflicts with the current state */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Understood but not acceptable; errors[] says why */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getActiveMatrix: {
        parameters: {
            query?: never;
            header?: {
                /** @description ETag of a copy the client holds; 304 when it is still current */
                "If-None-Match"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MatrixViewDto"];
                };
            };
            /** @description Not modified: the copy with this ETag is current */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deriveWorkload: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One Kubernetes object, as JSON or as YAML (Content-Type: application/yaml) */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeriveResponseDto"];
                };
            };
            /** @description Invalid input; errors[] names each field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing or unknown API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body over the limit: 2 MB for matrix documents, 256 KB elsewhere; detail states which */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Content type not accepted here */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Understood but not acceptable; errors[] says why */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too many requests; Retry-After says when to try again */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected failure; requestId names the log line that explains it */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
