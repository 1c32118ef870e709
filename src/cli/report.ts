/** `npm run report -- …` (usage in reportCommand.ts). */
import { reportCliError } from './args';
import { parseReportArgs, runReport } from './reportCommand';

try {
  const options = parseReportArgs(process.argv.slice(2));
  if (options.correctionIgnored) console.error("report: --correction does not apply to Tukey's HSD (it controls the family-wise error itself)");
  const text = await runReport(options);
  if (options.out === undefined) process.stdout.write(text);
  else console.error(`report: ${options.snapshots.join(', ')} → ${options.out}`);
} catch (error) {
  reportCliError('report', error);
}
