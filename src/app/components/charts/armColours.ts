import { optimizerDescriptor, type OptimizerName } from '../../../core/optim/registry';

export interface ChartArm {
  name: string;
  optimizer: OptimizerName;
}

const SEED_DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4'];

/** One colour per arm, everywhere: its optimizer's registry colours (core/optim/registry.ts), by the arm's place among that optimizer's arms. */
export function armColour(arms: readonly ChartArm[], arm: string): string {
  const me = arms.find((a) => a.name === arm);
  if (!me) return '#5b6b7b';
  const colours = optimizerDescriptor(me.optimizer).colours;
  const same = arms.filter((a) => a.optimizer === me.optimizer).map((a) => a.name);
  return colours[same.indexOf(arm) % colours.length];
}

/** Seeds of an arm: the arm's colour, each seed its own dash pattern (the first solid). */
export function seedDash(seeds: readonly number[], seed: number): string {
  return SEED_DASHES[Math.max(0, [...seeds].sort((a, b) => a - b).indexOf(seed)) % SEED_DASHES.length];
}
