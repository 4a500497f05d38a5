#!/usr/bin/env node
// Adds a few realistic-looking services (names, labels, configs, endpoints, errors) on top of
// scripts/seed.mjs's systematic set, so that the dashboard demo of scripts/start.sh looks like a
// real deployment. Goes through the package itself (dist/node.js): the Node entry of the same
// wasm client the dashboard uses.
//
//   node scripts/seed-demo.mjs   (reads ZENML_URL, ZENML_ADMIN_USER, ZENML_ADMIN_PASSWORD,
//                                 ZENML_PROJECT_ID as written by `scripts/zenml-server.sh env`)
//   node scripts/seed-demo.mjs --count-only   prints how many services the server holds
import { createClient } from '../dist/node.js';
import { runPipeline } from './seed-lib.mjs';

const url = process.env.ZENML_URL;
const projectId = process.env.ZENML_PROJECT_ID;
if (!url || !projectId) {
  console.error(
    'seed-demo.mjs: ZENML_URL and ZENML_PROJECT_ID are required (scripts/zenml-server.sh env)',
  );
  process.exit(1);
}

const SECOND = { username: 'seed-user-2', password: 'seed-user-2-pw' }; // created by seed.mjs --second-user
const nonce = Date.now().toString(36);

// [name, type, flavor, state, admin_state, labels, owner, extra]
const DEMO = [
  [
    'sentiment-api',
    'model-serving',
    'huggingface',
    'error',
    'active',
    { team: 'nlp', env: 'prod' },
    'admin',
    {
      status: { state: 'error', last_error: 'CUDA out of memory: tried to allocate 2.00 GiB' },
      port: 8011,
    },
  ],
  [
    'price-elasticity',
    'model-serving',
    'mlflow',
    'inactive',
    'inactive',
    { team: 'pricing', env: 'staging' },
    'admin',
    { port: 8012 },
  ],
  [
    'image-tagger',
    'model-serving',
    'kserve',
    'pending_shutdown',
    'inactive',
    { team: 'vision', env: 'prod' },
    'second',
    { port: 8013 },
  ],
  [
    'demand-forecast-nightly',
    'batch-inference',
    'spark',
    'scaled_to_zero',
    'active',
    { team: 'supply', schedule: 'nightly' },
    'admin',
    {},
  ],
  [
    'recsys-ranker',
    'model-serving',
    'bentoml',
    'pending_startup',
    'active',
    { team: 'growth', env: 'prod', canary: '10%' },
    'second',
    { port: 8014 },
  ],
  [
    'llm-summarizer',
    'model-serving',
    'vllm',
    'active',
    'active',
    { team: 'nlp', env: 'prod', gpu: 'a100' },
    'admin',
    { port: 8015, https: true },
  ],
  [
    'fraud-detector-v1',
    'model-serving',
    'seldon',
    'scaled_to_zero',
    'inactive',
    { team: 'risk', env: 'prod' },
    'admin',
    { port: 8016 },
  ],
  [
    'fraud-detector-v2',
    'model-serving',
    'seldon',
    'active',
    'active',
    { team: 'risk', env: 'prod' },
    'admin',
    { port: 8017, https: true },
  ],
  [
    'churn-predictor',
    'model-serving',
    'mlflow',
    'active',
    'active',
    { team: 'growth', env: 'prod' },
    'second',
    { port: 8018 },
  ],
];

async function client(user) {
  const c = await createClient({ baseUrl: url });
  await c.login(user);
  return c;
}

const admin = await client({
  username: process.env.ZENML_ADMIN_USER || 'admin',
  password: process.env.ZENML_ADMIN_PASSWORD || 'zenml-admin-pw',
});
if (process.argv.includes('--count-only')) {
  // every project's services
  const projects = await admin.listProjects({ size: 100 });
  let total = 0;
  for (const p of projects.items)
    total += (await admin.listServices({ project: p.id, size: 1 })).total;
  console.log(total);
  admin.close();
  process.exit(0);
}
let second = null;
try {
  second = await client(SECOND);
} catch {
  second = null; // seed.mjs ran without --second-user: everything belongs to admin
}

let n = 0;
for (const [name, type, flavor, state, adminState, labels, owner, extra] of DEMO) {
  const base = extra.https
    ? `https://${name}.models.example.com`
    : `http://127.0.0.1:${extra.port}`;
  const req = {
    project: projectId,
    name,
    service_type: { type, flavor },
    service_source: `zenml.integrations.${flavor}.services.${flavor[0].toUpperCase()}${flavor.slice(1)}DeploymentService`,
    admin_state: adminState,
    labels,
    status: extra.status || { state, last_error: '' },
    config: {
      model_name: name.replace(/-v\d+$/, ''),
      model_version: `${1 + (n % 4)}.${n % 3}.0`,
      replicas: state === 'scaled_to_zero' ? 0 : 1 + (n % 3),
      pipeline_name:
        type === 'batch-inference' ? 'batch_inference_pipeline' : 'deployment_pipeline',
      pipeline_step_name: type === 'batch-inference' ? 'predict_step' : 'deploy_step',
      demo_nonce: `${nonce}-${n}`,
    },
  };
  if (extra.port || extra.https) {
    req.prediction_url = `${base}/v1/predict`;
    req.health_check_url = `${base}/health`;
    req.endpoint = {
      protocol: extra.https ? 'https' : 'http',
      port: extra.https ? 443 : extra.port,
      ip_address: extra.https ? `${name}.models.example.com` : '127.0.0.1',
    };
  }
  const c = owner === 'second' && second ? second : admin;
  await c.createService(req);
  n++;
}

// A second project, with services of its own (the dashboard's project switcher).
const RESEARCH = 'research';
let research;
try {
  research = await admin.getProject(RESEARCH);
} catch {
  const res = await fetch(`${url}/api/v1/projects`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: RESEARCH, display_name: 'Research' }),
  });
  if (!res.ok)
    throw new Error(`creating project ${RESEARCH}: HTTP ${res.status} ${await res.text()}`);
  research = await res.json();
}
for (const [name, st, labels] of [
  ['llm-eval-harness', 'active', { team: 'research', env: 'dev', gpu: 'h100' }],
  ['rl-policy-server', 'error', { team: 'research', env: 'dev' }],
  ['embedding-probe', 'scaled_to_zero', { team: 'research' }],
]) {
  await admin.createService({
    project: research.id,
    name,
    service_type: { type: 'model-serving', flavor: 'vllm' },
    labels,
    status: { state: st, last_error: st === 'error' ? 'reward model unreachable' : '' },
    config: { model_name: name, demo_nonce: `${nonce}-${n}` },
  });
  n++;
}

// A service linked to a real pipeline run (the detail links to it in ZenML's own dashboard).
const runId = await runPipeline({
  url,
  username: process.env.ZENML_ADMIN_USER || 'admin',
  password: process.env.ZENML_ADMIN_PASSWORD || 'zenml-admin-pw',
  projectId,
});
await admin.createService({
  project: projectId,
  name: 'churn-model-from-run',
  service_type: { type: 'model-serving', flavor: 'mlflow' },
  labels: { team: 'growth', env: 'prod' },
  status: { state: 'active', last_error: '' },
  pipeline_run_id: runId,
  config: {
    model_name: 'churn',
    pipeline_name: 'training_pipeline',
    pipeline_step_name: 'train_model',
    demo_nonce: `${nonce}-${n}`,
  },
  prediction_url: 'http://127.0.0.1:8019/v1/predict',
});
n++;

admin.close();
second?.close();
console.log(
  `seed-demo.mjs: ${n} demo services created (one linked to pipeline run ${runId}), 3 in project ${RESEARCH}`,
);
