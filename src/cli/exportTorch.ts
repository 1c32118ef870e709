/** `npm run export-torch -- --config FILE.json --out DIR` (see torchCommands.ts). */
import { parseExportTorchArgs, runExportTorch } from './torchCommands';

try {
  const options = parseExportTorchArgs(process.argv.slice(2));
  const files = await runExportTorch(options);
  console.error(`export-torch: wrote ${files.length} files to ${options.out}; see ${options.out}/README.md for the commands`);
} catch (error) {
  console.error(`export-torch: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
