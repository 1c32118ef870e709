/** `npm run summarize -- …` (usage in summarizeCommand.ts). */
import { reportCliError } from './args';
import { parseSummarizeArgs, runSummarize } from './summarizeCommand';

try {
  const options = parseSummarizeArgs(process.argv.slice(2));
  const markdown = await runSummarize(options);
  if (options.out === undefined) process.stdout.write(markdown);
  else console.error(`summarize: ${options.snapshot} → ${options.out}`);
} catch (error) {
  reportCliError('summarize', error);
}
