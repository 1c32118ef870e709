/**
 * Scaling out: export the experiment as a PyTorch DDP project (a zip: train.py, evaluate.py, experiment.json,
 * prepared/ with the lab's init weights, batches and tokenization) and import its results back as a snapshot
 * shown like the lab's own. The export code is loaded on first use (it is not needed to train in the page).
 */
import { useState } from 'react';
import { checkFileSize } from '../../../core/limits';
import type { ExperimentConfig } from '../../../core/experiment/schema';
import type { Snapshot } from '../../../core/snapshot';
import type { BrowserHostOptions } from '../../../train/browserHost';

interface TorchPanelProps {
  /** The experiments that can be exported (the open one first, then those saved in this browser). */
  experiments: { configHash: string; config: ExperimentConfig }[];
  /** Files the user picked for the config's `file` references. */
  files: Record<string, File>;
  hostOptions: Omit<BrowserHostOptions, 'base' | 'files'>;
  onOpen(snapshot: Snapshot): void;
}

const base = () => new URL(import.meta.env.BASE_URL, window.location.href).href;

/** A picked file's name inside the project: experiment.json, or runs/NAME for run files (wherever they were picked from). */
function projectName(file: File): string | null {
  const name = file.name;
  if (name === 'experiment.json') return name;
  if (/\.(train\.json|trec)$/.test(name)) return `runs/${name}`;
  return null;
}

function download(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  Object.assign(document.createElement('a'), { href: url, download: fileName }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function TorchPanel({ experiments, files, hostOptions, onOpen }: TorchPanelProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  const config = (experiments.find((e) => e.configHash === chosen) ?? experiments[0])?.config ?? null;
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const exportProject = async () => {
    if (!config) return;
    setBusy(true);
    setError(null);
    try {
      setStatus('Loading the exporter…');
      const [{ exportTorchProject }, { browserHost }, tf, { zipSync, strToU8 }] = await Promise.all([
        import('../../../export/torchExport'),
        import('../../../train/browserHost'),
        import('@tensorflow/tfjs-core'),
        import('fflate'),
        import('@tensorflow/tfjs-backend-cpu'),
      ]);
      await tf.ready();
      const projectFiles = await exportTorchProject(config, `${JSON.stringify(config, null, 2)}\n`, browserHost({ ...hostOptions, base: base(), files }), {
        onProgress: (message) => setStatus(`Preparing: ${message}…`),
      });
      const root = `${config.name.replace(/[^\w.-]+/g, '-')}-pytorch`;
      const zipped = zipSync(
        Object.fromEntries(
          Object.entries(projectFiles).map(([name, content]) => [`${root}/${name}`, typeof content === 'string' ? strToU8(content) : content]),
        ),
      );
      download(zipped, `${root}.zip`, 'application/zip');
      setStatus(`Exported ${Object.keys(projectFiles).length} files as ${root}.zip: unzip it and follow its README.md (torchrun, SLURM).`);
    } catch (e) {
      setStatus(null);
      setError(`Export to PyTorch failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const importResults = async (picked: FileList | null) => {
    if (!picked || picked.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      const texts: Record<string, string> = {};
      for (const file of Array.from(picked)) {
        const name = projectName(file);
        if (!name) continue;
        checkFileSize(file.size, 'snapshotJsonBytes', file.name);
        texts[name] = await file.text();
      }
      if (!texts['experiment.json']) throw new Error("pick the project's experiment.json together with the files of its runs/ folder (or the whole folder)");
      setStatus('Measuring the PyTorch runs…');
      const [{ torchSnapshot }, { browserHost }] = await Promise.all([import('../../../export/torchImport'), import('../../../train/browserHost')]);
      const reader = { list: () => Object.keys(texts), read: (name: string) => texts[name] };
      const { snapshot, unfinished } = await torchSnapshot(reader, browserHost({ ...hostOptions, base: base() }), {
        version: __APP_VERSION__,
        commit: __APP_COMMIT__,
      });
      onOpen(snapshot);
      setStatus(
        `Imported ${snapshot.runs.length} PyTorch run${snapshot.runs.length === 1 ? '' : 's'}${unfinished.length ? `; left out ${unfinished.join('; ')}` : ''}.`,
      );
    } catch (e) {
      setStatus(null);
      setError(`Import of PyTorch results failed: ${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-label="PyTorch">
      <h2>Scale out on PyTorch</h2>
      <p>
        Run this experiment with PyTorch DDP (torchrun, SLURM) from the same initial weights, batches, dropout masks and optimizer updates, then bring its runs
        back to compare them here.
      </p>
      <div className="row">
        {experiments.length > 1 && (
          <select aria-label="experiment to export" value={chosen ?? experiments[0].configHash} onChange={(e) => setChosen(e.target.value)}>
            {experiments.map((e) => (
              <option key={e.configHash} value={e.configHash}>
                {e.config.name} ({e.configHash.slice(0, 12)})
              </option>
            ))}
          </select>
        )}{' '}
        <button type="button" disabled={!config || busy} onClick={() => void exportProject()}>
          Export to PyTorch
        </button>{' '}
        <label>
          Import PyTorch results (experiment.json and runs/*):{' '}
          <input
            type="file"
            multiple
            accept=".json,.trec"
            aria-label="import pytorch results"
            disabled={busy}
            onChange={(e) => void importResults(e.target.files)}
          />
        </label>
      </div>
      {status && <p role="status">{status}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
