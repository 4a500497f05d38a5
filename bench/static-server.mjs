// The browser benchmarks' static server (tests/support/browser.mjs's serveStatic) in a process of
// its own. In the benchmark's own process its answers waited for Playwright's protocol traffic:
// a fresh page took ~10 ms to get one small file over loopback, and import → ready paid that
// twice (index.js, then the .wasm). A real static server or CDN does not share a thread with the
// browser's driver, so the page times what the package costs, not the harness.
//   import { startStaticServer } from './static-server.mjs';
//   const server = await startStaticServer({ mounts, pages, headers });   // { url, close() }
//   node bench/static-server.mjs serve   (reads that JSON on stdin; prints {"url":...}; stops when stdin closes)
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../tests/support/browser.mjs';
import { startServerProcess } from './child-server.mjs';

function serve() {
  let text = '';
  let started = false;
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', async (chunk) => {
    text += chunk;
    if (started || !text.includes('\n')) return;
    started = true;
    const server = await serveStatic(JSON.parse(text.slice(0, text.indexOf('\n'))));
    process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  });
  process.stdin.on('end', () => process.exit(0));
}

/** Starts serveStatic(options) in a child process; resolves to { url, close() }. */
export function startStaticServer(options) {
  return startServerProcess(
    fileURLToPath(import.meta.url),
    ['serve'],
    'static server',
    `${JSON.stringify(options)}\n`,
  );
}

if (process.argv[2] === 'serve') serve();
