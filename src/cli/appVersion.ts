/** The lab's version and commit as the CLIs record them (package.json; RERANK_LAB_COMMIT, else git, else "unknown"). */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '../core/snapshot/schema';
import { REPO_ROOT } from '../train/nodeHost';

export function appVersion(): Environment['app'] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  let commit = process.env.RERANK_LAB_COMMIT ?? '';
  if (!commit) {
    try {
      commit = execSync('git rev-parse --short=12 HEAD', { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      commit = 'unknown';
    }
  }
  return { version: pkg.version, commit: commit || 'unknown' };
}
