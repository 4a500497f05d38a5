// Links into ZenML's own dashboard, built as ZenML's zenml/utils/dashboard_utils.py builds them
// for the connected release (get_run_url, get_model_version_url), its rules here as data: a ZenML
// Pro workspace (deployment_type "cloud") links under its `dashboard_url`; any other server under
// its `server_url`, else the URL it was reached at, and has no model-version pages there.
import { state } from './state.js';
import { serverVersion } from './zen.js';

/** Per release, newest first: the path of a run / model version (null: no such page). */
export const DASHBOARD_PATHS = [
  {
    since: '0.83.0',
    server: { run: '/projects/{project_name}/runs/{id}', model_version: null },
    cloud: {
      run: '/projects/{project_id}/runs/{id}',
      model_version: '/projects/{project_id}/model-versions/{id}',
    },
  },
  {
    since: '0.80.0',
    server: { run: '/runs/{id}', model_version: null },
    cloud: {
      run: '/projects/{project_id}/runs/{id}',
      model_version: '/projects/{project_id}/model-versions/{id}',
    },
  },
];

function atLeast(version, since) {
  const a = String(version).split('.').map(Number);
  const b = since.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== b[i]) return (a[i] || 0) > b[i];
  return true;
}

/**
 * The URL of `kind` ('run' | 'model_version') `ref` (a hydrated resource: id, body.project_id)
 * in ZenML's dashboard, or null when the connected release has no such page. `projectName(id)`
 * names the project (the run's path wants its name).
 */
export function dashboardUrl(kind, ref, projectName) {
  if (!ref?.id) return null;
  const info = state().info || {};
  const version = serverVersion() || info.version || '0.98.0';
  const rules = DASHBOARD_PATHS.find((r) => atLeast(version, r.since)) || DASHBOARD_PATHS.at(-1);
  const cloud = info.deployment_type === 'cloud';
  const base = (cloud ? info.dashboard_url : info.server_url || state().server) || '';
  const template = (cloud ? rules.cloud : rules.server)[kind];
  if (!template || !base) return null;
  const projectId = ref.body?.project_id ?? ref.project_id ?? '';
  const values = { id: ref.id, project_id: projectId, project_name: projectName(projectId) };
  let missing = false;
  const path = template.replace(/\{(\w+)\}/g, (_, k) => {
    if (!values[k]) missing = true;
    return encodeURIComponent(values[k] ?? '');
  });
  return missing ? null : base.replace(/\/+$/, '') + path;
}
