/**
 * The scratchnet model file: one safetensors file that holds the whole model. The weights are its
 * tensors (`layers.<i>.weights`, `layers.<i>.biases`) and the architecture is a JSON string in its
 * `__metadata__`, so any safetensors reader (Python's included) can open it, and a model is one file
 * that is saved atomically: never a weights file from one run beside an architecture from another.
 *
 *     __metadata__: { "format": "scratchnet", "architecture": "{\"version\":1,\"layers\":[...]}" }
 *
 * A parameters-only file (chapter 21's `save_parameters`) is the same without "architecture".
 * Browser-safe: bytes in, bytes out; `src/io/model-file.ts` adds the disk.
 */
import type { Matrix } from '../matrix.ts';
import { ModelFileError } from './errors.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';
import { parseJsonStrict } from './strict-json.ts';
import { architectureToJson, validateArchitecture, type Architecture, type ModelData } from './architecture.ts';

/** The `format` metadata value of every file scratchnet writes. */
export const MODEL_FORMAT = 'scratchnet';

/** The bytes of a model file. Throws if the architecture is invalid or does not match the tensors. */
export function encodeModel(architecture: Architecture, tensors: ReadonlyMap<string, Matrix>): Uint8Array {
  validateArchitecture(architecture, tensors, 'encodeModel');
  return encodeSafetensors(tensors, { format: MODEL_FORMAT, architecture: architectureToJson(architecture) });
}

/**
 * Reads a model file: its tensors and its validated architecture. Throws a ModelFileError naming
 * `source` if the file is not valid safetensors, has no architecture, or its architecture is
 * invalid or does not match its weights.
 */
export function decodeModel(bytes: Uint8Array, source = 'model file'): ModelData {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const text = metadata.get('architecture');
  if (text === undefined) {
    throw new ModelFileError(`${source}: the file holds weights but no architecture: it is a parameters file (load it with loadParameters), or was not written by scratchnet.`);
  }
  const architecture = validateArchitecture(parseJsonStrict(text, `${source} (architecture)`), tensors, `${source} (architecture)`);
  return { architecture, tensors };
}

/** The bytes of a parameters-only file (the weights, no architecture), chapter 21's `save_parameters`. */
export function encodeParameters(tensors: ReadonlyMap<string, Matrix>): Uint8Array {
  return encodeSafetensors(tensors, { format: MODEL_FORMAT });
}

/** The tensors of any safetensors file of F32/F64 tensors (a model file's architecture, if any, is ignored). */
export function decodeParameters(bytes: Uint8Array, source = 'parameters file'): Map<string, Matrix> {
  return decodeSafetensors(bytes, source).tensors;
}
