/** `npm run score -- …` (usage in scoreCommand.ts). */
import { parseScoreArgs, runScore } from './scoreCommand';

runScore(parseScoreArgs(process.argv.slice(2)))
  .then((message) => console.error(message))
  .catch((error: unknown) => {
    console.error(`score: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
