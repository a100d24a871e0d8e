/**
 * The settings form: data, network editor and training settings. It edits a copy of the config and
 * hands every change to `onChange`; the page then resets the run. Each field has an id
 * (`field-<path>`) so tests and labels can find it.
 */
import {
  LABELS, classCount, isRegression, lossesFor, outputsFor, reconcile,
  type HiddenActivation, type OptimizerName, type PlaygroundConfig,
} from '../config.ts';

type Options = Readonly<Record<string, string>>;

/** Builds the form into three containers and rebuilds it whenever the config changes. */
export class Controls {
  private config: PlaygroundConfig;

  constructor(
    private readonly containers: { data: HTMLElement; network: HTMLElement; training: HTMLElement },
    config: PlaygroundConfig,
    private readonly onChange: (config: PlaygroundConfig) => void,
  ) {
    this.config = structuredClone(config);
    this.render();
  }

  /** Shows another config (e.g. an imported model's) without reporting a change. */
  set(config: PlaygroundConfig): void {
    this.config = structuredClone(config);
    this.render();
  }

  private change(edit: (c: PlaygroundConfig) => void): void {
    const next = structuredClone(this.config);
    edit(next);
    this.config = reconcile(next);
    const focused = document.activeElement?.id;
    this.render();
    if (focused) document.getElementById(focused)?.focus();
    this.onChange(structuredClone(this.config));
  }

  private render(): void {
    const c = this.config;
    const { data, network, training } = this.containers;

    data.replaceChildren(
      select('data-name', 'Data set', LABELS.datasets, c.data.name, (v) => this.change((n) => {
        n.data.name = v as PlaygroundConfig['data']['name'];
        // Between regression and classification the output changes kind: start from the book's choice.
        if (isRegression(n.data.name) !== isRegression(c.data.name)) {
          n.output = outputsFor(n.data.name)[0]!;
          n.loss = lossesFor(n.output)[0]!;
        }
      })),
      number('data-samples', isRegression(c.data.name) || c.data.name === 'circle' || c.data.name === 'xor' ? 'Samples' : 'Samples per class',
        c.data.samples, { min: 10, max: 2000, step: 10 }, (v) => this.change((n) => { n.data.samples = v; })),
      ...(c.data.name === 'spiral' || c.data.name === 'vertical'
        ? [number('data-classes', 'Classes', c.data.classes, { min: 2, max: 5, step: 1 }, (v) => this.change((n) => { n.data.classes = v; }))]
        : []),
      range('data-noise', 'Noise', c.data.noise, { min: 0, max: 0.5, step: 0.01 }, (v) => this.change((n) => { n.data.noise = v; })),
      number('seed', 'Seed', c.seed, { min: 0, max: 4294967295, step: 1 }, (v) => this.change((n) => { n.seed = v; })),
    );

    const layerRows = c.hidden.map((layer, i) => {
      const row = element('div', 'layer-row');
      row.append(
        text('span', 'layer-name', `Hidden ${i + 1}`),
        button(`layer-${i}-fewer`, '−', 'One neuron fewer', () => this.change((n) => { n.hidden[i]!.neurons = Math.max(1, layer.neurons - 1); })),
        number(`layer-${i}-neurons`, 'neurons', layer.neurons, { min: 1, max: 128, step: 1 }, (v) => this.change((n) => { n.hidden[i]!.neurons = v; })),
        button(`layer-${i}-more`, '+', 'One neuron more', () => this.change((n) => { n.hidden[i]!.neurons = Math.min(128, layer.neurons + 1); })),
        select(`layer-${i}-activation`, '', { relu: 'ReLU', sigmoid: 'Sigmoid', linear: 'Linear' }, layer.activation,
          (v) => this.change((n) => { n.hidden[i]!.activation = v as HiddenActivation; })),
        button(`layer-${i}-remove`, '✕', 'Remove this layer', () => this.change((n) => { n.hidden.splice(i, 1); })),
      );
      return row;
    });
    const outputs = Object.fromEntries(outputsFor(c.data.name).map((o) => [o, LABELS.activations[o]]));
    const losses = Object.fromEntries(lossesFor(c.output).map((l) => [l, LABELS.losses[l]]));
    network.replaceChildren(
      ...layerRows,
      button('layer-add', '+ Add a hidden layer', 'Add a hidden layer', () => this.change((n) => {
        n.hidden.push({ neurons: c.hidden.at(-1)?.neurons ?? 8, activation: 'relu' });
      })),
      text('div', 'note', `Output: ${classCount(c.data)} ${isRegression(c.data.name) ? 'value' : 'classes'}`),
      select('output', 'Output', outputs, c.output, (v) => this.change((n) => { n.output = v as PlaygroundConfig['output']; })),
      select('loss', 'Loss', losses, c.loss, (v) => this.change((n) => { n.loss = v as PlaygroundConfig['loss']; })),
    );

    const o = c.optimizer;
    const edit = (key: keyof PlaygroundConfig['optimizer']) => (v: number) => this.change((n) => { (n.optimizer[key] as number) = v; });
    training.replaceChildren(
      select('optimizer-name', 'Optimizer', LABELS.optimizers, o.name, (v) => this.change((n) => { n.optimizer.name = v as OptimizerName; })),
      number('optimizer-learningRate', 'Learning rate', o.learningRate, { min: 0, step: 0.001 }, edit('learningRate')),
      number('optimizer-decay', 'Decay', o.decay, { min: 0, step: 1e-6 }, edit('decay')),
      ...(o.name === 'sgd' ? [number('optimizer-momentum', 'Momentum', o.momentum, { min: 0, max: 0.999, step: 0.05 }, edit('momentum'))] : []),
      ...(o.name === 'rmsprop' ? [number('optimizer-rho', 'Rho', o.rho, { min: 0, max: 0.9999, step: 0.001 }, edit('rho'))] : []),
      ...(o.name === 'adam' ? [
        number('optimizer-beta1', 'Beta 1', o.beta1, { min: 0, max: 0.9999, step: 0.001 }, edit('beta1')),
        number('optimizer-beta2', 'Beta 2', o.beta2, { min: 0, max: 0.9999, step: 0.0001 }, edit('beta2')),
      ] : []),
      ...(o.name !== 'sgd' ? [number('optimizer-epsilon', 'Epsilon', o.epsilon, { min: 0, step: 1e-7 }, edit('epsilon'))] : []),
      number('weightScale', 'Initial weights (σ)', c.weightScale, { min: 0, step: 0.01 }, (v) => this.change((n) => { n.weightScale = v; })),
      number('batchSize', 'Batch size (0: all)', c.batchSize, { min: 0, step: 1 }, (v) => this.change((n) => { n.batchSize = Math.round(v); })),
      number('l1', 'L1 (weights)', c.l1, { min: 0, step: 1e-4 }, (v) => this.change((n) => { n.l1 = v; })),
      number('l2', 'L2 (weights)', c.l2, { min: 0, step: 1e-4 }, (v) => this.change((n) => { n.l2 = v; })),
      range('dropout', 'Dropout', c.dropout, { min: 0, max: 0.9, step: 0.05 }, (v) => this.change((n) => { n.dropout = v; })),
    );
  }
}

/** An element with a class. */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

function text(tag: 'span' | 'div', className: string, content: string): HTMLElement {
  const e = element(tag, className);
  e.textContent = content;
  return e;
}

function button(id: string, label: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = element('button', 'small');
  b.id = `field-${id}`;
  b.type = 'button';
  b.textContent = label;
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

/** A label wrapping its control. */
function field(label: string, control: HTMLElement): HTMLElement {
  const wrapper = element('label', 'field');
  if (label) wrapper.append(text('span', 'field-label', label));
  wrapper.append(control);
  return wrapper;
}

function select(id: string, label: string, options: Options, value: string, onChange: (v: string) => void): HTMLElement {
  const s = element('select', '');
  s.id = `field-${id}`;
  for (const [key, name] of Object.entries(options)) s.add(new Option(name, key, false, key === value));
  s.addEventListener('change', () => onChange(s.value));
  return field(label, s);
}

interface Bounds { min?: number; max?: number; step?: number }

function number(id: string, label: string, value: number, bounds: Bounds, onChange: (v: number) => void): HTMLElement {
  const input = element('input', '');
  input.id = `field-${id}`;
  input.type = 'number';
  if (bounds.min !== undefined) input.min = String(bounds.min);
  if (bounds.max !== undefined) input.max = String(bounds.max);
  input.step = bounds.step !== undefined ? String(bounds.step) : 'any';
  input.value = String(value);
  input.addEventListener('change', () => {
    let v = Number(input.value);
    if (!Number.isFinite(v)) return;
    if (bounds.min !== undefined) v = Math.max(bounds.min, v);
    if (bounds.max !== undefined) v = Math.min(bounds.max, v);
    if (bounds.step === 1) v = Math.round(v);
    onChange(v);
  });
  return field(label, input);
}

function range(id: string, label: string, value: number, bounds: Required<Bounds>, onChange: (v: number) => void): HTMLElement {
  const input = element('input', '');
  input.id = `field-${id}`;
  input.type = 'range';
  input.min = String(bounds.min);
  input.max = String(bounds.max);
  input.step = String(bounds.step);
  input.value = String(value);
  const shown = text('span', 'range-value', String(value));
  input.addEventListener('input', () => { shown.textContent = input.value; });
  input.addEventListener('change', () => onChange(Number(input.value)));
  const wrapper = field(label, input);
  wrapper.append(shown);
  return wrapper;
}
