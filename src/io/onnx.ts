/**
 * Export to ONNX, the open format that runtimes such as ONNX Runtime, TensorRT or the browser's
 * onnxruntime-web execute. An ONNX model is a graph: inputs, nodes (operators) wired by tensor names,
 * constant tensors (our weights, the "initializers") and outputs. Our layers map one to one:
 *
 *     dense   → Gemm      Y = X · W + b   (ONNX's defaults alpha = beta = 1, no transposes)
 *     relu    → Relu      sigmoid → Sigmoid      softmax → Softmax (over the last axis)
 *     linear, dropout → Identity (dropout does nothing at inference)
 *
 * The input is named "input", float32 of shape [batch, inputs]; the output "output". Weights are
 * stored as float32 (float64 weights are rounded). Operator set 13, IR version 7. The field numbers
 * below are those of onnx.proto. Browser-safe.
 */
import type { Matrix } from '../matrix.ts';
import { validateArchitecture, parameterNames, type Architecture } from './architecture.ts';
import { ProtoWriter } from './protobuf.ts';

/** The ONNX operator set we target. */
export const ONNX_OPSET = 13;
/** IR version 7 is the one that goes with opset 13. */
const IR_VERSION = 7;
/** TensorProto.DataType.FLOAT. */
const FLOAT = 1;

const OPERATORS = { dense: 'Gemm', relu: 'Relu', sigmoid: 'Sigmoid', softmax: 'Softmax', linear: 'Identity', dropout: 'Identity' } as const;

/**
 * The bytes of an ONNX model computing the network's forward pass (inference mode). The
 * architecture is validated against the tensors first. Its class names, if any, go into the
 * model's metadata as JSON under "classes".
 */
export function exportOnnx(architecture: Architecture, tensors: ReadonlyMap<string, Matrix>): Uint8Array {
  const arch = validateArchitecture(architecture, tensors, 'exportOnnx');
  const graph = new ProtoWriter();
  let previous = 'input';
  let width = 0;
  arch.layers.forEach((layer, i) => {
    const output = i === arch.layers.length - 1 ? 'output' : `layers.${i}.output`;
    const node = new ProtoWriter(); // NodeProto: input = 1, output = 2, name = 3, op_type = 4
    node.string(1, previous);
    if (layer.type === 'dense') {
      const names = parameterNames(i);
      node.string(1, names.weights).string(1, names.biases);
      graph.message(5, tensorProto(names.weights, tensors.get(names.weights)!)); // GraphProto.initializer = 5
      graph.message(5, tensorProto(names.biases, tensors.get(names.biases)!));
      if (i === arch.layers.findIndex((l) => l.type === 'dense')) graph.message(11, valueInfo('input', layer.inputs)); // GraphProto.input = 11
      width = layer.neurons;
    }
    node.string(2, output).string(3, `layers.${i}`).string(4, OPERATORS[layer.type]);
    graph.message(1, node); // GraphProto.node = 1
    previous = output;
  });
  graph.string(2, 'scratchnet'); // GraphProto.name = 2
  graph.message(12, valueInfo('output', width)); // GraphProto.output = 12

  const model = new ProtoWriter();
  model.int(1, IR_VERSION); // ModelProto.ir_version = 1
  model.string(2, 'scratchnet'); // producer_name = 2
  model.message(7, graph); // graph = 7
  model.message(8, new ProtoWriter().string(1, '').int(2, ONNX_OPSET)); // opset_import = 8: OperatorSetIdProto { domain = 1, version = 2 }
  if (arch.classes) model.message(14, new ProtoWriter().string(1, 'classes').string(2, JSON.stringify(arch.classes))); // metadata_props = 14
  return model.finish();
}

/** A TensorProto holding a matrix as float32: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian). */
function tensorProto(name: string, matrix: Matrix): ProtoWriter {
  const values = Float32Array.from(matrix.data);
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((x, k) => view.setFloat32(4 * k, x, true));
  return new ProtoWriter().int(1, matrix.rows).int(1, matrix.cols).int(2, FLOAT).string(8, name).bytes(9, raw);
}

/**
 * A ValueInfoProto for a float32 [batch, width] tensor: name = 1, type = 2; TypeProto.tensor_type = 1;
 * Tensor.elem_type = 1, shape = 2; TensorShapeProto.dim = 1; Dimension.dim_value = 1, dim_param = 2.
 */
function valueInfo(name: string, width: number): ProtoWriter {
  const shape = new ProtoWriter()
    .message(1, new ProtoWriter().string(2, 'batch'))
    .message(1, new ProtoWriter().int(1, width));
  const tensorType = new ProtoWriter().int(1, FLOAT).message(2, shape);
  return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
}
