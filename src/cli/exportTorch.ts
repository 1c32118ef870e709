/** `npm run export-torch -- --config FILE.json --out DIR` (see torchCommands.ts). */
import { reportCliError } from './args';
import { parseExportTorchArgs, runExportTorch } from './torchCommands';

try {
  const options = parseExportTorchArgs(process.argv.slice(2));
  const files = await runExportTorch(options);
  console.error(`export-torch: wrote ${files.length} files to ${options.out}; see ${options.out}/README.md for the commands`);
} catch (error) {
  reportCliError('export-torch', error);
}
