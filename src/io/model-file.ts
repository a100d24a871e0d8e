/**
 * Saving and loading model files on disk (Node only). The format is `model-format.ts`'s: one
 * safetensors file with the architecture in its metadata. Saves are atomic (`writeFileAtomic`), so
 * an interrupted save leaves the previous file as it was.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Matrix } from '../matrix.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { ModelFileError } from './errors.ts';
import { decodeModel, decodeParameters, encodeModel, encodeParameters } from './model-format.ts';
import { exportOnnx } from './onnx.ts';
import type { Architecture, ModelData } from './architecture.ts';

/** Writes a whole model (architecture + weights) to `path`, atomically. Throws if they do not match. */
export function saveModelFile(path: string, architecture: Architecture, tensors: ReadonlyMap<string, Matrix>): void {
  writeFileAtomic(path, encodeModel(architecture, tensors));
}

/** Reads a whole model from `path`. Throws a ModelFileError for a missing, unreadable or invalid file. */
export function loadModelFile(path: string): ModelData {
  return decodeModel(readModelBytes(path), path);
}

/** Writes only the parameters (chapter 21's `save_parameters`) to `path`, atomically. */
export function saveParameters(path: string, tensors: ReadonlyMap<string, Matrix>): void {
  writeFileAtomic(path, encodeParameters(tensors));
}

/** Reads the parameters from a parameters file or a model file. */
export function loadParameters(path: string): Map<string, Matrix> {
  return decodeParameters(readModelBytes(path), path);
}

/** Writes the model as an ONNX file (`exportOnnx`) to `path`, atomically. */
export function saveOnnxFile(path: string, architecture: Architecture, tensors: ReadonlyMap<string, Matrix>): void {
  writeFileAtomic(path, exportOnnx(architecture, tensors));
}

/** The file's bytes, or a ModelFileError that says why not. */
function readModelBytes(path: string): Uint8Array {
  try {
    if (statSync(path).isDirectory()) throw new ModelFileError(`${path}: is a directory; give the path of a .safetensors model file.`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ModelFileError(`${path}: no such file; check the path (a model is saved as one .safetensors file).`);
    throw new ModelFileError(`${path}: cannot be read (${(error as Error).message}).`);
  }
}
