/** `npm run score -- …` (usage in scoreCommand.ts). */
import { reportCliError } from './args';
import { parseScoreArgs, runScore } from './scoreCommand';

// Parsed inside the chain, so a bad command line is reported like any other failure (not thrown at the top level).
Promise.resolve()
  .then(() => runScore(parseScoreArgs(process.argv.slice(2))))
  .then((message) => console.error(message))
  .catch((error: unknown) => reportCliError('score', error));
