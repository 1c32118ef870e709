/** `npm run merge -- A.json.gz B.json.gz ... --out MERGED.json.gz` (see mergeCommand.ts). */
import { reportCliError } from './args';
import { parseMergeArgs, runMerge } from './mergeCommand';

try {
  const options = parseMergeArgs(process.argv.slice(2));
  const { warnings, description } = await runMerge(options);
  for (const warning of warnings) console.error(`merge: warning: ${warning}`);
  console.error(`merge: wrote ${options.out} (${description})`);
} catch (error) {
  reportCliError('merge', error);
}
