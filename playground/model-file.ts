/**
 * TEMPORARY: export/import of a model, until the library's safetensors and architecture JSON land.
 */
import type { Matrix } from '../src/matrix.ts';
import type { PlaygroundConfig } from './config.ts';
import type { TracedLayer } from './trace.ts';

export function encodeModel(_config: PlaygroundConfig, _layers: readonly TracedLayer[]): { safetensors: Uint8Array; architecture: string } {
  throw new Error('Export needs the library\'s safetensors encoder, which has not landed yet.');
}

export function decodeModel(_safetensors: Uint8Array, _architecture: string, _current: PlaygroundConfig): { config: PlaygroundConfig; weights: Map<string, Matrix> } {
  throw new Error('Import needs the library\'s safetensors decoder, which has not landed yet.');
}
