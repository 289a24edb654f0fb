// `npm start` on a fresh clone: build the Next app and the server once if there is no production build yet.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync('.next/BUILD_ID')) {
  console.log('No production build yet: running `npm run build` once (a minute or two)…');
  run('npm', ['run', 'build']);
} else if (!existsSync('.next/linesight-server/main.mjs')) {
  run('node', ['scripts/build-server.mjs']);
}
