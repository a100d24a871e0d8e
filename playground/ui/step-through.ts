/**
 * Renders a Trace as the Part I lessons write a forward pass out by hand: each neuron's
 * inputs × weights + bias = output, the activation, the softmax and the loss; in backward mode the
 * same for every gradient. Every shown number carries its full value in `data-value`.
 */
import type { LayerTrace, Trace } from '../trace.ts';
import { LABELS, type LossName } from '../config.ts';

/** Four significant digits, as a learner reads them. */
export function formatNumber(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const s = a >= 1e-4 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
  return s.replace('-', '−');
}

/** A number as HTML: four digits shown, the full value kept. */
function n(v: number, parenthesise = false): string {
  const text = formatNumber(v);
  const shown = parenthesise && v < 0 ? `(${text})` : text;
  return `<span class="num" data-value="${v}">${shown}</span>`;
}

const sub = (name: string, ...indices: (number | string)[]): string => `${name}<sub>${indices.join(',')}</sub>`;

/** Writes a trace into a container, forward or backward. */
export function renderTrace(container: HTMLElement, trace: Trace, mode: 'forward' | 'backward', classes: number, regression: boolean): void {
  const setName = trace.split === 'train' ? 'training' : 'validation';
  const label = regression ? `target ${n(trace.label)}` : `class ${trace.label}`;
  const parts = [`<p class="trace-sample">Sample ${trace.index} of the ${setName} set: x = (${trace.input.map((v) => n(v)).join(', ')}), ${label}</p>`];
  if (mode === 'forward') {
    trace.layers.forEach((layer, l) => parts.push(forwardLayer(layer, l)));
    parts.push(lossBlock(trace, classes));
  } else {
    parts.push(lossGradientBlock(trace));
    for (let l = trace.layers.length - 1; l >= 0; l--) parts.push(backwardLayer(trace.layers[l]!, l, trace));
  }
  // Keep the layers a learner folded away folded when the numbers refresh.
  const folded = new Set(Array.from(container.querySelectorAll('details'), (d, i) => (d.open ? -1 : i)));
  container.innerHTML = parts.join('');
  container.querySelectorAll('details').forEach((d, i) => { if (folded.has(i)) d.open = false; });
}

/** z_j = x_1·w_1j + … + b_j = value, then the activation. */
function forwardLayer(layer: LayerTrace, l: number): string {
  const x = l === 0 ? 'x' : 'a';
  const title = `${layer.name}: Dense ${layer.inputs.length} → ${layer.biases.length}, then ${LABELS.activations[layer.activation as 'relu']}`;
  const lines = layer.biases.map((b, j) => {
    const terms = layer.inputs.map((xi, i) => `${n(xi, true)}×${n(layer.weights[i]![j]!, true)}`).join(' + ');
    const activation = activationLine(layer, j);
    return `<div class="neuron" data-layer="${l}" data-neuron="${j}" data-output="${layer.outputs[j]}" data-activated="${layer.activated[j]}">`
      + `${sub('z', j + 1)} = ${terms} + ${n(b, true)} = <b>${n(layer.outputs[j]!)}</b>${activation}</div>`;
  });
  const inputNote = `<p class="note">${x}<sub>i</sub> are the ${l === 0 ? 'features' : 'previous layer\'s outputs'}; w<sub>ij</sub> is the weight from input i to neuron j.</p>`;
  return `<details open class="trace-layer"><summary>${title}</summary>${inputNote}${lines.join('')}${layer.activation === 'softmax' ? softmaxBlock(layer) : ''}</details>`;
}

/** What the activation does to neuron j's output. */
function activationLine(layer: LayerTrace, j: number): string {
  const z = layer.outputs[j]!;
  const a = layer.activated[j]!;
  switch (layer.activation) {
    case 'relu': return ` → ReLU: max(0, ${n(z)}) = <b>${n(a)}</b>`;
    case 'sigmoid': return ` → sigmoid: 1 / (1 + e<sup>−z</sup>) = <b>${n(a)}</b>`;
    case 'linear': return ` → linear: <b>${n(a)}</b>`;
    default: return '';
  }
}

/** The softmax written out: exponentials of z − max z, their sum, each share. */
function softmaxBlock(layer: LayerTrace): string {
  const { max, exps, sum } = layer.softmax!;
  const lines = layer.activated.map((p, j) =>
    `<div class="softmax" data-class="${j}" data-value="${p}">${sub('ŷ', j + 1)} = e<sup>${n(layer.outputs[j]! - max)}</sup> / ${n(sum)} = ${n(exps[j]!)} / ${n(sum)} = <b>${n(p)}</b></div>`);
  return `<div class="softmax-block"><p>Softmax: subtract the largest z (${n(max)}), exponentiate, divide by the sum Σ = ${n(sum)}.</p>${lines.join('')}</div>`;
}

/** The loss of this sample, written out for its kind. */
function lossBlock(trace: Trace, classes: number): string {
  const out = trace.layers.at(-1)!.activated;
  const y = trace.sparse ? oneHot(trace.target[0]!, classes) : trace.target;
  const name = trace.loss.name as LossName;
  let formula: string;
  switch (name) {
    case 'categoricalCrossentropy': {
      const c = y.indexOf(1);
      formula = `L = −log ${sub('ŷ', c + 1)} = −log(${n(out[c]!)})`;
      break;
    }
    case 'binaryCrossentropy':
      formula = `L = −mean(y·log ŷ + (1 − y)·log(1 − ŷ)), y = (${y.map((v) => n(v)).join(', ')}), ŷ = (${out.map((v) => n(v)).join(', ')})`;
      break;
    case 'meanSquaredError':
      formula = `L = mean((y − ŷ)²), y = (${y.map((v) => n(v)).join(', ')}), ŷ = (${out.map((v) => n(v)).join(', ')})`;
      break;
    case 'meanAbsoluteError':
      formula = `L = mean(|y − ŷ|), y = (${y.map((v) => n(v)).join(', ')}), ŷ = (${out.map((v) => n(v)).join(', ')})`;
      break;
  }
  return `<div class="loss-block" data-loss="${trace.loss.value}"><b>${LABELS.losses[name]}</b>: ${formula} = <b>${n(trace.loss.value)}</b></div>`;
}

/** dL/dŷ, where the backward pass starts. */
function lossGradientBlock(trace: Trace): string {
  const formula: Record<string, string> = {
    categoricalCrossentropy: '∂L/∂ŷ<sub>j</sub> = −y<sub>j</sub> / ŷ<sub>j</sub>',
    binaryCrossentropy: '∂L/∂ŷ<sub>j</sub> = −(y<sub>j</sub> / ŷ<sub>j</sub> − (1 − y<sub>j</sub>) / (1 − ŷ<sub>j</sub>)) / outputs',
    meanSquaredError: '∂L/∂ŷ<sub>j</sub> = −2 (y<sub>j</sub> − ŷ<sub>j</sub>) / outputs',
    meanAbsoluteError: '∂L/∂ŷ<sub>j</sub> = −sign(y<sub>j</sub> − ŷ<sub>j</sub>) / outputs',
  };
  const values = trace.dloss.map((d, j) => `${sub('∂L/∂ŷ', j + 1)} = ${n(d)}`).join(', ');
  return `<div class="loss-block"><b>Start at the loss</b> (L = ${n(trace.loss.value)}): ${formula[trace.loss.name]}: ${values}</div>`;
}

/** The gradients of one layer: through the activation, then to the biases, weights and inputs. */
function backwardLayer(layer: LayerTrace, l: number, trace: Trace): string {
  const x = l === 0 ? 'x' : 'a';
  const penalty = trace.l1 > 0 || trace.l2 > 0 ? ` (+ the penalty's gradient: L1 ${trace.l1}·sign(w), L2 2·${trace.l2}·w)` : '';
  const lines = layer.biases.map((_, j) => {
    const dz = layer.doutputs[j]!;
    const weights = layer.inputs.map((xi, i) => `${sub('∂L/∂w', i + 1, j + 1)} = ${n(xi, true)}×${n(dz, true)} = <b>${n(layer.dweights[i]![j]!)}</b>`).join(', ');
    return `<div class="neuron-grad" data-layer="${l}" data-neuron="${j}" data-doutput="${dz}">`
      + `${sub('∂L/∂z', j + 1)} = ${activationGradient(layer, j)} = <b>${n(dz)}</b>; ${sub('∂L/∂b', j + 1)} = <b>${n(layer.dbiases[j]!)}</b>; ${weights}</div>`;
  });
  const inputs = layer.inputs.map((_, i) => {
    const terms = layer.biases.map((_, j) => `${n(layer.weights[i]![j]!, true)}×${n(layer.doutputs[j]!, true)}`).join(' + ');
    return `<div class="input-grad">${sub(`∂L/∂${x}`, i + 1)} = ${terms} = <b>${n(layer.dinputs[i]!)}</b></div>`;
  });
  const combined = layer.softmax?.combined;
  const shortcut = combined
    ? `<p class="note">Training takes the shortcut of softmax and cross-entropy together, ∂L/∂z = ŷ − y: (${combined.map((v) => n(v)).join(', ')}), the same values up to float32 rounding (chapter 9).</p>`
    : '';
  const title = `${layer.name}: back through ${LABELS.activations[layer.activation as 'relu']}, then Dense`;
  return `<details open class="trace-layer"><summary>${title}</summary>`
    + `<p class="note">∂L/∂w<sub>ij</sub> = ${x}<sub>i</sub> · ∂L/∂z<sub>j</sub>, ∂L/∂b<sub>j</sub> = ∂L/∂z<sub>j</sub>${penalty}.</p>${lines.join('')}${shortcut}`
    + `<p class="note">Passed back to the ${l === 0 ? 'inputs' : 'previous layer'}: ∂L/∂${x}<sub>i</sub> = Σ<sub>j</sub> w<sub>ij</sub> · ∂L/∂z<sub>j</sub>.</p>${inputs.join('')}</details>`;
}

/** ∂L/∂z_j from ∂L/∂a_j, written for the activation. */
function activationGradient(layer: LayerTrace, j: number): string {
  const da = layer.dactivated[j]!;
  const z = layer.outputs[j]!;
  const a = layer.activated[j]!;
  switch (layer.activation) {
    case 'relu': return `${n(da, true)}×${z > 0 ? 1 : 0} (ReLU′: z ${z > 0 ? '>' : '≤'} 0)`;
    case 'sigmoid': return `${n(da, true)}×${n(a, true)}×(1 − ${n(a)}) (sigmoid′ = a(1 − a))`;
    case 'linear': return `${n(da)} (linear′ = 1)`;
    case 'softmax':
      return `${n(a, true)}×(${n(da)} − ${n(layer.softmax!.weighted, true)}) (ŷ<sub>j</sub>(∂L/∂ŷ<sub>j</sub> − Σ<sub>k</sub> ŷ<sub>k</sub> ∂L/∂ŷ<sub>k</sub>))`;
    default: return n(da);
  }
}

function oneHot(c: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, j) => (j === c ? 1 : 0));
}
