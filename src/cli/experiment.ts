/**
 * `npm run experiment -- --config FILE.json --out DIR [--quiet] [--save-models] [--fresh]`: the headless runner (see experimentCommand.ts).
 */
import { HeadlessStopped, parseArgs, runHeadless } from './experimentCommand';

runHeadless(parseArgs(process.argv.slice(2)))
  .then(({ markdown }) => console.log(markdown))
  .catch((error: unknown) => {
    console.error(`experiment: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof HeadlessStopped ? error.exitCode : 1);
  });
