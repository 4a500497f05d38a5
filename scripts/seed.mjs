#!/usr/bin/env node
// Create a varied, deterministic demo/test set of services on a ZenML server.
//
//   node scripts/seed.mjs --url U --token T --project-id P [--count N] [--prefix svc-]
//                         [--second-user] [--nonce X] [--no-pause]
//
// Defaults for --url/--token/--project-id come from $ZENML_URL / $ZENML_TOKEN /
// $ZENML_PROJECT_ID (as written by `scripts/zenml-server.sh env`).
// Prints a JSON summary (ids, names, counts per state/type, ...) to stdout.
import { seed } from './seed-lib.mjs';

function parseArgs(argv) {
  const opts = {
    url: process.env.ZENML_URL,
    token: process.env.ZENML_TOKEN,
    projectId: process.env.ZENML_PROJECT_ID,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--url':
        opts.url = val();
        break;
      case '--token':
        opts.token = val();
        break;
      case '--project-id':
        opts.projectId = val();
        break;
      case '--count':
        opts.count = Number.parseInt(val(), 10);
        break;
      case '--prefix':
        opts.prefix = val();
        break;
      case '--nonce':
        opts.nonce = val();
        break;
      case '--second-user':
        opts.secondUser = true;
        break;
      case '--no-pause':
        opts.pauseMs = 0;
        break;
      case '-h':
      case '--help':
        console.log(
          'usage: node scripts/seed.mjs --url U --token T --project-id P [--count N] [--prefix svc-] [--second-user] [--nonce X] [--no-pause]',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${a}`);
    }
  }
  if (!opts.url || !opts.token || !opts.projectId) {
    throw new Error(
      '--url, --token and --project-id are required (or ZENML_URL/ZENML_TOKEN/ZENML_PROJECT_ID)',
    );
  }
  if (opts.count !== undefined && !(opts.count >= 0))
    throw new Error('--count must be a non-negative integer');
  return opts;
}

try {
  const summary = await seed(parseArgs(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} catch (e) {
  process.stderr.write(`seed.mjs: ${e.message}\n`);
  process.exit(1);
}
