// Lists the jumps of the kernels' inner loops that cross or end on a 32-byte boundary in the
// machine code V8 makes of them. On Intel cores from Skylake to Cascade Lake such a jump (with the
// compare fused to it) is not kept in the decoded-instruction cache (the "JCC erratum" microcode
// update), so its loop runs from the legacy decoders: the dense product kernel ran 20% slower so.
// The layout depends on the engine's version, so this is a tool to run after editing a .wat, not a
// test: `npx tsx scripts/jump-alignment.ts [module...]` (modules: matmul, matmulFused, narrow,
// narrowFused, elementwise, random). The kernels move a loop's jumps with the offsets of its loads
// and stores (see bench/NOTES.md, entry 42).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matmulFusedWasmBase64, matmulWasmBase64 } from '../src/kernels/matmul-wasm.ts';
import { narrowFusedWasmBase64, narrowWasmBase64 } from '../src/kernels/narrow-wasm.ts';
import { elementwiseWasmBase64 } from '../src/kernels/elementwise-wasm.ts';
import { randomWasmBase64 } from '../src/kernels/random-wasm.ts';
import { withImportedMemory } from '../src/kernels/heap.ts';
import { relaxedSimd } from '../src/kernels/fused-multiply-add.ts';

/** Each module: its bytes and the .wat its functions come from, in order. */
const MODULES: Record<string, [string, string]> = {
  matmul: [matmulWasmBase64, 'matmul'],
  matmulFused: [matmulFusedWasmBase64, 'matmul'],
  narrow: [narrowWasmBase64, 'narrow'],
  narrowFused: [narrowFusedWasmBase64, 'narrow'],
  elementwise: [elementwiseWasmBase64, 'elementwise'],
  random: [randomWasmBase64, 'random'],
};

interface Instruction {
  offset: number;
  address: number;
  bytes: number;
  text: string;
}

/** The functions' names, in the order the .wat defines them (their indices: the memory is the only import). */
function functionNames(wat: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../src/kernels/${wat}.wat`, import.meta.url)), 'utf8');
  return [...text.matchAll(/^\s*\(func (\$[\w.]+)?\s*(?:\(export "([^"]+)"\))?/gm)].map((m, i) => m[1] ?? m[2] ?? `#${i}`);
}

/** The optimized code of each function of the module, as V8 prints it. */
function disassemble(name: string): Map<number, Instruction[]> {
  // V8 prints the code to standard output: a file, since a pipe (non-blocking in Node) loses part of it
  const dir = mkdtempSync(join(tmpdir(), 'jump-alignment-'));
  const listing = join(dir, 'code.txt');
  const out = openSync(listing, 'w');
  try {
    const run = spawnSync(process.execPath, ['--no-liftoff', '--no-wasm-lazy-compilation', '--single-threaded', '--print-wasm-code',
      '--import', 'tsx', fileURLToPath(import.meta.url), '--compile', name], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`compiling ${name} failed: ${run.stderr}`);
    return parse(readFileSync(listing, 'utf8'));
  } finally {
    closeSync(out);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The functions of V8's code listing, by index (the module compiled last wins: Node's own and the probe for relaxed SIMD come first). */
function parse(listing: string): Map<number, Instruction[]> {
  const functions = new Map<number, Instruction[]>();
  for (const block of listing.split('--- WebAssembly code ---')) {
    const index = /name: wasm-function\[(\d+)\]/.exec(block);
    if (!index || !block.includes('compiler: TurboFan')) continue;
    const code: Instruction[] = [];
    for (const line of block.split('\n')) {
      const m = /^0x([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+(.*)$/.exec(line);
      if (m) code.push({ address: parseInt(m[1]!, 16), offset: parseInt(m[2]!, 16), bytes: m[3]!.length / 2, text: m[4]! });
    }
    functions.set(Number(index[1]), code);
  }
  return functions;
}

/** The jumps of the innermost loops that cross or end on a 32-byte boundary: [loop, jumps] as offsets. */
function misplacedJumps(code: Instruction[]): [string, string[]][] {
  const jumps = code.flatMap((ins, i) => {
    if (!ins.text.startsWith('j')) return [];
    // a compare or test just before a conditional jump is fused to it: they count as one
    const fused = !ins.text.startsWith('jmp') && i > 0 && /^(REX\.W )?(cmp|test|add|sub|and|inc|dec)/.test(code[i - 1]!.text);
    const start = fused ? code[i - 1]!.address : ins.address;
    const end = ins.address + ins.bytes - 1;
    const target = /<\+0x([0-9a-f]+)>/.exec(ins.text);
    const base = ins.address - ins.offset;
    return [{ offset: ins.offset, target: target ? parseInt(target[1]!, 16) : -1, start: start - base, end: end - base,
      misplaced: start >> 5 !== end >> 5 || (end + 1) % 32 === 0 }];
  });
  const loops = jumps.filter((j) => j.target >= 0 && j.target <= j.offset).map((j) => [j.target, j.offset] as const);
  const inner = loops.filter(([a, z]) => !loops.some(([b, y]) => a <= b && y <= z && (a !== b || y !== z)));
  const hex = (n: number) => n.toString(16);
  return inner.map(([a, z]) => [`${hex(a)}-${hex(z)}`,
    jumps.filter((j) => j.offset >= a && j.offset <= z && j.misplaced).map((j) => `${hex(j.start)}-${hex(j.end)}`)]);
}

if (process.argv[2] === '--compile') {
  // the child: compile one module eagerly with TurboFan; V8 prints the code
  relaxedSimd();
  const bytes = Uint8Array.from(atob(MODULES[process.argv[3]!]![0]), (c) => c.charCodeAt(0));
  const memory = new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true });
  new WebAssembly.Instance(new WebAssembly.Module(withImportedMemory(bytes, 256, 65536, true)), { env: { memory } });
} else {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(MODULES);
  let count = 0;
  for (const name of names) {
    if (!MODULES[name]) throw new Error(`no module ${name}: one of ${Object.keys(MODULES).join(', ')}`);
    const functions = disassemble(name);
    const fnames = functionNames(MODULES[name][1]);
    console.log(name);
    fnames.forEach((fname, i) => {
      for (const [loop, bad] of misplacedJumps(functions.get(i) ?? [])) {
        if (bad.length) console.log(`  ${fname.padEnd(22)} loop ${loop.padEnd(9)} jumps on a boundary: ${bad.join(' ')}`);
        count += bad.length;
      }
    });
  }
  console.log(`${count} jumps of inner loops on a 32-byte boundary (some loops are cold: tails, single rows)`);
}
