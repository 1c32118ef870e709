/** `npm run import-torch -- DIR --out SNAPSHOT.json.gz` (see torchCommands.ts). */
import { reportCliError } from './args';
import { parseImportTorchArgs, runImportTorch } from './torchCommands';

try {
  const options = parseImportTorchArgs(process.argv.slice(2));
  const { markdown, unfinished } = await runImportTorch(options);
  for (const line of unfinished) console.error(`import-torch: left out ${line}`);
  process.stdout.write(markdown);
  console.error(`import-torch: wrote ${options.out}`);
} catch (error) {
  reportCliError('import-torch', error);
}
