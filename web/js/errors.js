// Turning a ZenmlError into words a person can act on.

/** ZenML's 422 texts end in a Python traceback location; keep the useful part. */
export function shortMessage(err) {
  const msg = String(err?.message || err || 'Unknown error');
  const cut = msg.indexOf('\n\n  File "');
  return (cut > 0 ? msg.slice(0, cut) : msg).trim();
}

/** "ZenML says (EntityExistsError, HTTP 409): …" */
export function serverSays(err) {
  const bits = [];
  if (err?.exceptionType) bits.push(err.exceptionType);
  if (err?.status) bits.push(`HTTP ${err.status}`);
  return `${bits.length ? `${bits.join(', ')}: ` : ''}${shortMessage(err)}`;
}

/**
 * Whether `url` answers at all, regardless of CORS: a `no-cors` request resolves with an opaque
 * response when the server is up (even if it refuses this origin) and rejects when nothing
 * listens. Used only to tell "down" from "refuses CORS" after the package reported `network`.
 */
export async function reachableIgnoringCors(url, timeoutMs = 4000) {
  if (!cspAllows(url)) return undefined;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    await fetch(new URL('/api/v1/info', url), {
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: ctl.signal,
      referrerPolicy: 'no-referrer',
    });
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Whether index.html's connect-src (`'self' http://127.0.0.1:* http://localhost:* https:`)
 * lets the page talk to this server. Checked before sending, so that a blocked origin gets
 * its own message instead of looking like a server that is down.
 */
export function cspAllows(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (typeof location !== 'undefined' && u.origin === location.origin) return true;
  return (
    u.protocol === 'https:' ||
    (u.protocol === 'http:' && ['127.0.0.1', 'localhost'].includes(u.hostname))
  );
}

export function cspBlocked(serverUrl) {
  return {
    title: "Blocked by this dashboard's Content-Security-Policy",
    detail: `The page may only talk to https servers and to http servers on 127.0.0.1 or localhost; ${serverUrl} is neither.`,
    hint: `Use the server's https URL, or add ${originOf(serverUrl)} to connect-src in web/index.html (see web/README.md).`,
  };
}

/**
 * { title, detail, hint } for a failure while connecting or talking to `serverUrl`.
 * `reachable` is the result of reachableIgnoringCors() for network errors (undefined if unknown).
 */
export function explain(err, { serverUrl = '', reachable, during = 'request' } = {}) {
  const origin = typeof location !== 'undefined' ? location.origin : '';
  const code = err?.code || 'unknown';
  switch (code) {
    case 'network':
      if (
        typeof location !== 'undefined' &&
        location.protocol === 'https:' &&
        /^http:/i.test(serverUrl)
      ) {
        return {
          title: 'Blocked as mixed content',
          detail: `This page is served over https, so the browser refuses plain-http requests to ${serverUrl}.`,
          hint: 'Use an https URL for the server, or open the dashboard over http.',
        };
      }
      if (!cspAllows(serverUrl)) return cspBlocked(serverUrl);
      if (reachable === true) {
        return {
          title: 'The server refuses requests from this page (CORS)',
          detail: `${serverUrl} is up, but it did not allow the origin ${origin} to read its responses.`,
          hint: `Add ${origin} to the server's ZENML_SERVER_CORS_ALLOW_ORIGINS (or leave it unset for "*") and restart it. If the dashboard's Content-Security-Policy does not list the server's origin, the browser blocks the request too: see web/README.md.`,
        };
      }
      return {
        title: 'Cannot reach the server',
        detail: `Nothing answered at ${serverUrl}${reachable === false ? ' (connection refused or host unknown)' : ''}.`,
        hint: 'Start the ZenML server (a local one: zenml login --local) or ask whoever runs it, and check the URL: the server root, including the port, e.g. http://127.0.0.1:8237.',
      };
    case 'timeout':
      return {
        title: 'The server did not answer in time',
        detail: shortMessage(err),
        hint: 'The server may be overloaded or starting up. Try again in a moment.',
      };
    case 'unauthorized':
      return {
        title: during === 'login' ? 'Sign-in refused' : 'Not signed in (or the session expired)',
        detail: serverSays(err),
        hint:
          during === 'login'
            ? 'Check the username and password, the API key or the token. A token only works on the server instance that issued it.'
            : 'Sign in again.',
      };
    case 'forbidden':
      return {
        title: 'Not allowed',
        detail: serverSays(err),
        hint: 'Your user lacks the permission for this; ask an admin.',
      };
    case 'not_found':
      return {
        title: 'Not found',
        detail: serverSays(err),
        hint:
          during === 'login'
            ? 'Is this a ZenML server? The URL should be the server root, without /api/v1.'
            : 'It may have been deleted meanwhile.',
      };
    case 'conflict':
      return {
        title: 'Already exists',
        detail: serverSays(err),
        hint: 'ZenML requires every service config to be unique across the server: change the config.',
      };
    case 'validation':
    case 'bad_request':
      return { title: 'The server refused the request', detail: serverSays(err), hint: '' };
    case 'rate_limited':
      return {
        title: 'Too many requests',
        detail: serverSays(err),
        hint: err.retryAfter ? `Try again in ${err.retryAfter} s.` : 'Try again in a moment.',
      };
    case 'server':
      return {
        title: 'Server error',
        detail: serverSays(err),
        hint: 'The server failed; its log may say more.',
      };
    case 'bad_response':
      return {
        title: 'Unexpected response',
        detail: shortMessage(err),
        hint: 'The server sent something this client does not understand: is it a ZenML server, and version 0.98 or later?',
      };
    case 'invalid_argument':
      return { title: 'Invalid input', detail: shortMessage(err), hint: '' };
    case 'aborted':
      return { title: 'Cancelled', detail: shortMessage(err), hint: '' };
    default:
      return { title: 'Something went wrong', detail: shortMessage(err), hint: '' };
  }
}
