export const id = 901;
export const ids = [901,238];
export const modules = {

/***/ 6901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planMode: () => (/* binding */ planMode)
});

// EXTERNAL MODULE: ./src/ecs/plan.ts + 2 modules
var ecs_plan = __webpack_require__(5238);
// EXTERNAL MODULE: ./src/ecs/snapshot.ts
var snapshot = __webpack_require__(257);
// EXTERNAL MODULE: ./src/shared/secrets.ts
var secrets = __webpack_require__(3260);
// EXTERNAL MODULE: ./src/report/markdown.ts
var report_markdown = __webpack_require__(4285);
;// CONCATENATED MODULE: ./src/ecs/report/plan.ts



const MARK = { ok: '✅', failed: '❌', unverified: '➖' };
/** Environment variables and log options by name: their values are never shown. */
function hiddenChangesList(changes) {
    if (changes.length === 0)
        return false;
    return [
        'Environment variables and log options (values are never shown):',
        (0,report_markdown/* bulletList */.fF)(changes.map((change) => (0,report_markdown.md)(`${(0,report_markdown/* code */.aY)(change.container)}: ${change.kind === 'log option' ? 'log option ' : ''}${(0,report_markdown/* code */.aY)(change.name)} ${change.change}`)))
    ].join('\n\n');
}
/**
 * The plan as markdown: for the plan-markdown output, the job summary and the PR comment. Values
 * registered as secrets are redacted, should any reach a check's detail.
 */
function planMarkdown(plan) {
    const failed = plan.checks.filter((c) => c.state === 'failed');
    const outcome = failed.length === 0 ? '✅ ready to deploy' : '❌ not deployable';
    const verdict = failed.length === 0
        ? 'Every check passed.'
        : `Failed checks: ${failed.map((c) => (0,report_markdown/* escapeText */.X1)(c.subject)).join(', ')}.`;
    const change = plan.changed
        ? `Changes against ${plan.liveTaskDefinitionArn ? (0,report_markdown/* code */.aY)((0,snapshot/* revisionName */.p)(plan.liveTaskDefinitionArn)) : 'nothing live'} (AWS defaults and read-only fields ignored):`
        : `No change: the rendered definition equals ${(0,report_markdown/* code */.aY)((0,snapshot/* revisionName */.p)(plan.liveTaskDefinitionArn))}; a deploy registers no new revision.`;
    const markdown = (0,report_markdown/* blocks */.Bv)((0,report_markdown/* hiddenMarker */.z0)(`deploy-ecs-plan:${plan.cluster}/${plan.service}`), (0,report_markdown/* heading */.R_)(`deploy-ecs: plan for ${plan.service}: ${outcome}`), verdict, change, plan.changed && (0,report_markdown/* codeBlock */.DV)(plan.diff, 'diff'), hiddenChangesList(plan.hiddenChanges), (0,report_markdown/* heading */.R_)('Verification', 3), (0,report_markdown/* table */.tp)(['', 'Check', 'Result'], plan.checks.map((c) => [(0,report_markdown.md)(MARK[c.state]), c.subject, c.detail])));
    return (0,secrets/* redactSecrets */.fp)(markdown);
}

;// CONCATENATED MODULE: ./src/ecs/plan-mode.ts


/** Compares the rendered definition with the live one and verifies what it needs; changes nothing. */
async function planMode(clients, request, log) {
    const startedAt = Date.now();
    const plan = await (0,ecs_plan/* planDeploy */.bJ)(clients, request);
    const markdown = planMarkdown(plan);
    await log.group('Task definition diff (live → rendered)', async () => {
        log.info(plan.diff === '' ? 'No change to the task definition.' : plan.diff);
    });
    await log.group('Checks', async () => {
        for (const check of plan.checks)
            log.info(`${check.state.padEnd(10)} ${check.subject}: ${check.detail}`);
    });
    const failed = plan.checks.filter((c) => c.state === 'failed');
    return {
        mode: 'plan',
        plan,
        markdown,
        durationMs: Date.now() - startedAt,
        // A failed check fails the step.
        failure: plan.ok
            ? undefined
            : `Plan verification failed: ${failed.map((c) => `${c.subject}: ${c.detail}`).join('; ')}`
    };
}


/***/ }),

/***/ 5238:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createPlanClients: () => (/* binding */ createPlanClients),
  bJ: () => (/* binding */ planDeploy)
});

// UNUSED EXPORTS: compareDefinitions, definitionDiff, parseImage

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var dist_cjs = __webpack_require__(303);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var client_ecr_dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var client_ecs_dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var client_iam_dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-secrets-manager/dist-cjs/index.js
var client_secrets_manager_dist_cjs = __webpack_require__(2994);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./node_modules/diff/libesm/patch/create.js + 2 modules
var create = __webpack_require__(9672);
;// CONCATENATED MODULE: ./src/registry/hosts.ts
// Registries on loopback are the local test stand-ins: plain HTTP. docker already treats
// 127.0.0.0/8 as insecure; skopeo must be told, and only for those hosts.
function isLoopbackRegistry(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}
/** The registry host of an image reference (the part before the first '/'). */
function referenceHost(reference) {
    const slash = reference.indexOf('/');
    return slash === -1 ? reference : reference.slice(0, slash);
}

// EXTERNAL MODULE: ./src/shared/aws.ts + 1 modules
var aws = __webpack_require__(3744);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __webpack_require__(8382);
// EXTERNAL MODULE: ./src/shared/aws-errors.ts
var aws_errors = __webpack_require__(9870);
// EXTERNAL MODULE: ./src/shared/image-reference.ts
var image_reference = __webpack_require__(6876);
// EXTERNAL MODULE: ./src/taskdef/compare.ts
var compare = __webpack_require__(6187);
// EXTERNAL MODULE: ./src/taskdef/json.ts
var json = __webpack_require__(7000);
;// CONCATENATED MODULE: ./src/taskdef/hidden-values.ts

// Environment values and log driver options can hold passwords and tokens, so a comparison of two
// task definitions never shows them: each value is replaced by a placeholder that says only
// whether it changed, and the changes are listed by name. Secrets (valueFrom references) are ARNs
// and names, and stay visible.
const HIDDEN = '***';
const HIDDEN_CHANGED = '*** (value changed)';
/**
 * Copies of both definitions with every environment value and log option replaced by ***, or by
 * "*** (value changed)" on the `after` side when the value differs from `before`'s; and the list
 * of added, removed and changed names. Containers are matched by name.
 */
function hideSecretValues(before, after) {
    const hiddenBefore = before === undefined ? undefined : structuredClone(before);
    const hiddenAfter = structuredClone(after);
    const beforeContainers = containersByName(hiddenBefore);
    const afterContainers = containersByName(hiddenAfter);
    const changes = [];
    const names = new Set([...beforeContainers.keys(), ...afterContainers.keys()]);
    for (const name of [...names].sort()) {
        const old = beforeContainers.get(name);
        const current = afterContainers.get(name);
        changes.push(...hideEnvironment(name, old, current));
        changes.push(...hideLogOptions(name, old, current));
    }
    return { before: hiddenBefore, after: hiddenAfter, changes };
}
function containersByName(definition) {
    const list = Array.isArray(definition?.['containerDefinitions'])
        ? definition['containerDefinitions']
        : [];
    const result = new Map();
    for (const container of list) {
        if ((0,json/* isObject */.Gv)(container))
            result.set(String(container['name'] ?? '?'), container);
    }
    return result;
}
function environmentSlots(container) {
    const list = Array.isArray(container?.['environment'])
        ? container['environment'].filter(json/* isObject */.Gv)
        : [];
    return {
        values: new Map(list.map((variable) => [String(variable['name']), variable['value']])),
        set: (name, value) => {
            for (const variable of list)
                if (String(variable['name']) === name)
                    variable['value'] = value;
        }
    };
}
function logOptionSlots(container) {
    const config = container?.['logConfiguration'];
    const options = (0,json/* isObject */.Gv)(config) && (0,json/* isObject */.Gv)(config['options']) ? config['options'] : {};
    return {
        values: new Map(Object.entries(options)),
        set: (name, value) => {
            options[name] = value;
        }
    };
}
function hideSlots(container, kind, before, after) {
    const changes = [];
    for (const [name, value] of after.values) {
        const known = before.values.has(name);
        const changed = known && JSON.stringify(before.values.get(name)) !== JSON.stringify(value);
        after.set(name, changed ? HIDDEN_CHANGED : HIDDEN);
        if (!known)
            changes.push({ container, kind, name, change: 'added' });
        else if (changed)
            changes.push({ container, kind, name, change: 'value changed' });
    }
    for (const name of before.values.keys()) {
        before.set(name, HIDDEN);
        if (!after.values.has(name))
            changes.push({ container, kind, name, change: 'removed' });
    }
    return changes;
}
function hideEnvironment(name, before, after) {
    return hideSlots(name, 'environment', environmentSlots(before), environmentSlots(after));
}
function hideLogOptions(name, before, after) {
    return hideSlots(name, 'log option', logOptionSlots(before), logOptionSlots(after));
}

// EXTERNAL MODULE: ./src/ecs/describe.ts
var describe = __webpack_require__(7660);
// EXTERNAL MODULE: ./src/ecs/snapshot.ts
var snapshot = __webpack_require__(257);
;// CONCATENATED MODULE: ./src/ecs/plan.ts
















function createPlanClients(ecs, options = {}) {
    return {
        ecs,
        ecr: (0,aws/* createClient */.UU)(client_ecr_dist_cjs/* ECRClient */.S70, options),
        iam: (0,aws/* createClient */.UU)(client_iam_dist_cjs/* IAMClient */.h8v, options),
        logs: (0,aws/* createClient */.UU)(dist_cjs.CloudWatchLogsClient, options),
        secrets: (0,aws/* createClient */.UU)(client_secrets_manager_dist_cjs/* SecretsManagerClient */._H, options),
        ssm: (0,aws/* createClient */.UU)(client_ssm_dist_cjs/* SSMClient */.jBj, options)
    };
}
/** The definition as compared: AWS defaults, read-only fields and our provenance tags left out. */
function comparable(definition) {
    const { tags: _tags, ...rest } = (0,compare/* comparableTaskDefinition */.T)(definition);
    return rest;
}
const asText = (definition) => definition === undefined ? '' : JSON.stringify(definition, null, 2) + '\n';
/**
 * What registering `rendered` changes against `live`. Environment values and log options are
 * never shown, only whether each one was added, removed or changed.
 */
function compareDefinitions(live, rendered, liveName, renderedName) {
    const hidden = hideSecretValues(live === undefined ? undefined : comparable(live), comparable(rendered));
    const before = asText(hidden.before);
    const after = asText(hidden.after);
    if (before === after)
        return { diff: '', hiddenChanges: hidden.changes };
    const diff = (0,create/* createTwoFilesPatch */.ss)(liveName, renderedName, before, after, undefined, undefined, {
        context: 3
    })
        .split('\n')
        .filter((line) => !line.startsWith('===='))
        .join('\n');
    return { diff, hiddenChanges: hidden.changes };
}
function definitionDiff(live, rendered, liveName, renderedName) {
    return compareDefinitions(live, rendered, liveName, renderedName).diff;
}
const ECR_HOST = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;
/** `host/repo/path:tag` or `host/repo@sha256:…` split into its parts; undefined without a host. */
function parseImage(image) {
    const { host, path, tag, digest } = (0,image_reference/* parseImageReference */.o_)(image);
    if (host === undefined)
        return undefined;
    return { host, repository: path, tag, digest };
}
async function check(subject, work) {
    try {
        const outcome = await work();
        return typeof outcome === 'string' ? { subject, state: 'ok', detail: outcome } : outcome;
    }
    catch (error) {
        // A refused call means the plan role lacks a permission the documented policy grants: the
        // plan cannot vouch for the deploy, so it fails rather than shrugging it off.
        const state = (0,aws_errors/* isAwsError */.m_)(error, /^AccessDenied/) ? 'failed' : 'unverified';
        return { subject, state, detail: `could not check: ${(0,errors/* errorMessage */.gJ)(error)}` };
    }
}
/**
 * Plan mode: what the deploy would change and whether what it needs exists. Changes nothing.
 */
async function planDeploy(clients, request) {
    const checks = [];
    const cluster = await check(`cluster ${request.cluster}`, async () => {
        const response = await clients.ecs.send(new client_ecs_dist_cjs/* DescribeClustersCommand */._2_({ clusters: [request.cluster] }));
        const found = response.clusters?.find((c) => c.status === 'ACTIVE');
        return found
            ? 'exists'
            : { subject: `cluster ${request.cluster}`, state: 'failed', detail: 'not found' };
    });
    checks.push(cluster);
    let service;
    if (cluster.state !== 'failed') {
        checks.push(await check(`service ${request.service}`, async () => {
            try {
                service = (await (0,describe/* describeService */.Jv)(clients.ecs, request.cluster, request.service)).service;
                return `exists, runs ${(0,snapshot/* revisionName */.p)(service.taskDefinition)}`;
            }
            catch (error) {
                return {
                    subject: `service ${request.service}`,
                    state: 'failed',
                    detail: (0,errors/* errorMessage */.gJ)(error)
                };
            }
        }));
    }
    const live = service?.taskDefinition
        ? await (0,describe/* describeTaskDefinition */.oh)(clients.ecs, service.taskDefinition)
        : undefined;
    const { diff, hiddenChanges } = compareDefinitions(live, request.rendered, live?.taskDefinitionArn ? (0,snapshot/* revisionName */.p)(live.taskDefinitionArn) : '(none)', 'rendered');
    checks.push(...(await imageChecks(clients, request.rendered)));
    checks.push(...(await roleChecks(clients, request.rendered)));
    checks.push(...(await logGroupChecks(clients, request.rendered)));
    checks.push(...(await secretChecks(clients, request.rendered)));
    if (service !== undefined)
        checks.push(...loadBalancerChecks(service, request.rendered));
    return {
        cluster: request.cluster,
        service: request.service,
        ...(live?.taskDefinitionArn !== undefined && { liveTaskDefinitionArn: live.taskDefinitionArn }),
        diff,
        hiddenChanges,
        changed: diff !== '',
        checks,
        ok: checks.every((c) => c.state !== 'failed')
    };
}
function containers(rendered) {
    return Array.isArray(rendered['containerDefinitions'])
        ? rendered['containerDefinitions']
        : [];
}
async function imageChecks(clients, rendered) {
    // A loopback registry is the local stand-in for ECR (tasks on Fargate cannot pull from one).
    // Telling them apart by name keeps plan mode free of ecr:GetAuthorizationToken.
    const isEcr = (host) => ECR_HOST.test(host) || isLoopbackRegistry(host);
    const results = [];
    for (const container of containers(rendered)) {
        const image = container.image ?? '';
        const subject = `image ${image}`;
        const parsed = parseImage(image);
        if (parsed === undefined || !isEcr(parsed.host)) {
            results.push({ subject, state: 'unverified', detail: 'not an ECR image; not checked' });
            continue;
        }
        results.push(await check(subject, async () => {
            const imageId = parsed.digest !== undefined
                ? { imageDigest: parsed.digest }
                : { imageTag: parsed.tag ?? 'latest' };
            try {
                const response = await clients.ecr.send(new client_ecr_dist_cjs/* DescribeImagesCommand */.ji5({ repositoryName: parsed.repository, imageIds: [imageId] }));
                const digest = response.imageDetails?.[0]?.imageDigest;
                return `exists${digest ? ` (${digest.slice(0, 19)}…)` : ''}`;
            }
            catch (error) {
                if ((0,aws_errors/* isAwsError */.m_)(error, /ImageNotFound|RepositoryNotFound/)) {
                    return { subject, state: 'failed', detail: (0,errors/* errorMessage */.gJ)(error) };
                }
                throw error;
            }
        }));
    }
    return results;
}
async function roleChecks(clients, rendered) {
    const results = [];
    for (const field of ['executionRoleArn', 'taskRoleArn']) {
        const arn = rendered[field];
        if (typeof arn !== 'string' || arn === '')
            continue;
        const roleName = arn.slice(arn.lastIndexOf('/') + 1);
        const subject = `${field === 'executionRoleArn' ? 'execution role' : 'task role'} ${roleName}`;
        results.push(await check(subject, async () => {
            try {
                await clients.iam.send(new client_iam_dist_cjs/* GetRoleCommand */.kbp({ RoleName: roleName }));
                return 'exists';
            }
            catch (error) {
                if ((0,aws_errors/* isAwsError */.m_)(error, 'NoSuchEntityException', 'NoSuchEntity')) {
                    return { subject, state: 'failed', detail: `role ${arn} does not exist` };
                }
                throw error;
            }
        }));
    }
    return results;
}
async function logGroupChecks(clients, rendered) {
    const groups = new Map();
    for (const container of containers(rendered)) {
        const config = container.logConfiguration;
        const group = config?.options?.['awslogs-group'];
        if (config?.logDriver !== 'awslogs' || !group)
            continue;
        groups.set(group, (groups.get(group) ?? false) || config.options?.['awslogs-create-group'] === 'true');
    }
    const results = [];
    for (const [group, created] of groups) {
        const subject = `log group ${group}`;
        results.push(await check(subject, async () => {
            const response = await clients.logs.send(new dist_cjs.DescribeLogGroupsCommand({ logGroupNamePrefix: group }));
            if (response.logGroups?.some((g) => g.logGroupName === group))
                return 'exists';
            if (created)
                return 'missing; awslogs-create-group creates it';
            return {
                subject,
                state: 'failed',
                detail: 'does not exist (the tasks would fail with ResourceInitializationError)'
            };
        }));
    }
    return results;
}
async function secretChecks(clients, rendered) {
    const results = [];
    for (const container of containers(rendered)) {
        for (const secret of container.secrets ?? []) {
            const from = secret.valueFrom ?? '';
            const subject = `secret ${secret.name ?? '?'} (${container.name ?? '?'})`;
            results.push(await check(subject, async () => {
                try {
                    if (from.startsWith('arn:') && from.split(':')[2] === 'secretsmanager') {
                        // A JSON key or version suffix follows the 7th field: the secret is the first seven.
                        await clients.secrets.send(new client_secrets_manager_dist_cjs/* DescribeSecretCommand */.X5({ SecretId: from.split(':').slice(0, 7).join(':') }));
                    }
                    else {
                        const name = from.startsWith('arn:')
                            ? from.slice(from.indexOf(':parameter') + ':parameter'.length)
                            : from;
                        await clients.ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: name, WithDecryption: false }));
                    }
                    return 'exists';
                }
                catch (error) {
                    if ((0,aws_errors/* isAwsError */.m_)(error, /ResourceNotFound|ParameterNotFound/)) {
                        return { subject, state: 'failed', detail: `${from} does not exist` };
                    }
                    throw error;
                }
            }));
        }
    }
    return results;
}
function loadBalancerChecks(service, rendered) {
    return (service.loadBalancers ?? []).map((lb) => {
        const subject = `load balancer target ${lb.containerName ?? '?'}:${lb.containerPort ?? '?'}`;
        const container = containers(rendered).find((c) => c.name === lb.containerName);
        if (container === undefined) {
            return {
                subject,
                state: 'failed',
                detail: `the service routes to container "${lb.containerName}", which the definition does not have`
            };
        }
        if (!(container.portMappings ?? []).some((p) => p.containerPort === lb.containerPort)) {
            return {
                subject,
                state: 'failed',
                detail: `container "${lb.containerName}" does not map port ${lb.containerPort}`
            };
        }
        return { subject, state: 'ok', detail: 'container and port match the service' };
    });
}


/***/ })

};
