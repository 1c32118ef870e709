/**
 * `npm run experiment -- --config FILE.json --out DIR [--quiet] [--save-models]`: the headless runner (see experimentCommand.ts).
 */
import { parseArgs, runHeadless } from './experimentCommand';

runHeadless(parseArgs(process.argv.slice(2)))
  .then(({ markdown }) => console.log(markdown))
  .catch((error: unknown) => {
    console.error(`experiment: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
