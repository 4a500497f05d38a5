// The project switcher: the projects the token may see (the package's listProjects), the
// view's project kept in the URL (the list's `project` option), and new services created in it.
import { renderDetail } from './detail.js';
import { clear, h } from './dom.js';
import { navigate } from './list.js';
import { setProjects, state } from './state.js';
import { el } from './ui.js';
import * as zen from './zen.js';

const MAX_PROJECTS = 200;

function fill() {
  const want = state().view.project || '';
  clear(el.projectSwitch);
  el.projectSwitch.append(h('option', { value: '', text: 'All projects' }));
  const names = state().projects.map((p) => p.name);
  if (want && !names.includes(want) && !state().projects.some((p) => p.id === want)) {
    names.push(want); // a link's project the list does not hold (yet)
  }
  for (const name of names) el.projectSwitch.append(h('option', { value: name, text: name }));
  el.projectSwitch.value = want;
}

/** Loads the projects into the switcher (after signing in). A failure leaves "All projects". */
export async function loadProjects() {
  try {
    const page = await zen.listProjects({ size: MAX_PROJECTS });
    setProjects(page.items);
  } catch {
    setProjects([]);
  }
  fill();
  // the open detail's links into ZenML's dashboard name the project: draw them now
  if (state().detail && !el.detail.hidden) renderDetail(state().detail);
}

/** The name of the project with this id, when the switcher knows it. */
export function projectName(id) {
  return state().projects.find((p) => p.id === id)?.name ?? null;
}

export function initProjects() {
  el.projectSwitch.addEventListener('change', () => {
    const value = el.projectSwitch.value || null;
    navigate((v) => {
      v.project = value;
    });
  });
}
