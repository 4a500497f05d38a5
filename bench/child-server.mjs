// The benchmarks' servers run in processes of their own, so that their answers never wait on the
// measured client's event loop (or on Playwright's traffic). This starts one and waits for the
// first line it prints, {"url": ...}; closing its stdin stops it.
import { spawn } from 'node:child_process';

/**
 * Runs `node <script> ...args`, writes `input` (if any) to its stdin, and resolves to
 * { url, close() } once it prints its URL; rejects if it exits before. `what` names it in errors.
 */
export function startServerProcess(script, args, what, input) {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  if (input !== undefined) child.stdin.write(input);
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before listening`)));
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      const { url } = JSON.parse(out.slice(0, out.indexOf('\n')));
      child.removeAllListeners('exit');
      resolve({
        url,
        close: () =>
          new Promise((r) => {
            child.once('exit', () => r());
            child.stdin.end();
          }),
      });
    });
  });
}
