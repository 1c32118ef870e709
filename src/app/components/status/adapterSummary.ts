import type { AdapterFacts } from '../../../gpu/device';

/** "SwiftShader (CPU)" for Chromium's software adapter, else vendor · architecture (what a researcher recognises). */
export function adapterSummary(facts: AdapterFacts): string {
  const words = `${facts.vendor} ${facts.architecture} ${facts.description}`.toLowerCase();
  if (words.includes('swiftshader')) return 'SwiftShader (CPU)';
  if (words.includes('llvmpipe') || words.includes('lavapipe')) return 'lavapipe (CPU)';
  const name = [facts.vendor, facts.architecture].filter(Boolean).join(' · ') || facts.description || 'unnamed adapter';
  return facts.isSoftware || facts.isFallbackAdapter ? `${name} (software)` : name;
}
