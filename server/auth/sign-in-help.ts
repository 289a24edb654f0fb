import { DEMO_USERS } from './bootstrap-users';

/**
 * How to sign in, on the terminal (plain text, not a log line: a generated admin password is shown
 * this once, on purpose, and must never reach the JSON logs a collector keeps).
 */
export function printSignInHelp(url: string, options: { generatedPassword: string | null; demo: boolean }): void {
  const lines = [`Sign in at ${url}/login`];
  if (options.generatedPassword) {
    lines.push(`  admin password (generated, shown once): ${options.generatedPassword}`);
    lines.push('  set LINESIGHT_ADMIN_PASSWORD to choose it instead');
  }
  if (options.demo) {
    lines.push('  demo accounts:');
    for (const user of DEMO_USERS) lines.push(`    ${user.role.padEnd(10)} ${user.username} / ${user.password}`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
