/** `scratchnet export-onnx <model> <out.onnx>`: the model as an ONNX file, for ONNX Runtime and friends. */
import { loadModelFile, saveOnnxFile } from '../src/io/index.ts';
import { UsageError, parse } from './options.ts';

export const EXPORT_ONNX_HELP = `usage: scratchnet export-onnx <model> <out.onnx>

Writes the model as ONNX (opset 13: Gemm, Relu, Sigmoid, Softmax), so that ONNX Runtime, in
Python, C++ or the browser, can run it. The input is "input", float32 [batch, inputs]; the output
is "output". Dropout is left out (it does nothing at inference).

  -h, --help      show this help

Example:
  scratchnet export-onnx fashion.safetensors fashion.onnx`;

const OPTIONS = { help: { type: 'boolean', short: 'h' } } as const;

/** Runs `scratchnet export-onnx`; returns the exit code. */
export function exportOnnxCommand(args: readonly string[], out: (line: string) => void): number {
  const parsed = parse('export-onnx', args, OPTIONS, true);
  if (parsed.values.help) {
    out(EXPORT_ONNX_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 2) throw new UsageError('export-onnx: give a model file and the ONNX file to write, e.g. scratchnet export-onnx model.safetensors model.onnx');
  const [path, target] = parsed.positionals as [string, string];
  if (!target.endsWith('.onnx')) throw new UsageError(`export-onnx: the output file should end in .onnx, got ${JSON.stringify(target)}`);
  const { architecture, tensors } = loadModelFile(path);
  saveOnnxFile(target, architecture, tensors);
  const dense = architecture.layers.filter((layer) => layer.type === 'dense');
  const first = dense[0] as { inputs: number };
  const last = dense[dense.length - 1] as { neurons: number };
  out(`Wrote ${target}: ONNX opset 13, input "input" float32 [batch, ${first.inputs}], output "output" [batch, ${last.neurons}].`);
  return 0;
}
