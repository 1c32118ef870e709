/** `npm run figures -- …` (usage in figuresCommand.ts). */
import { reportCliError } from './args';
import { parseFiguresArgs, runFigures } from './figuresCommand';

try {
  const written = await runFigures(parseFiguresArgs(process.argv.slice(2)));
  for (const path of written) process.stdout.write(`${path}\n`);
  console.error(`figures: ${written.length} files`);
} catch (error) {
  reportCliError('figures', error);
}
