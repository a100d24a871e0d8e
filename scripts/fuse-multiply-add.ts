// The fused twin of a kernel: every `(f64x2.add ACC (f64x2.mul X Y))` of its WebAssembly text becomes
// `(f64x2.relaxed_madd X Y ACC)`, one fused multiply-add instruction where the CPU has one.
//
// Why this keeps the book's bits: a product of two float32 values has at most 48 significant bits,
// so it is exact in float64. Then rounding x·y + acc once (fused) or rounding x·y first (exact, so no
// change) and the sum after gives the same float64. The kernels' callers use the fused twin only
// when both operands are float32 (kernels/fused-multiply-add.ts); float64 operands keep the plain one.

/** Where the S-expression opened at text[start] === '(' closes (the index after its ')'); `;;` comments skipped. */
function closing(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    if (text.startsWith(';;', i)) {
      i = text.indexOf('\n', i);
      if (i < 0) break;
    } else if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i + 1;
  }
  throw new Error(`fuseMultiplyAdd: the expression at ${start} is not closed`);
}

/** The operands of the expression `(op a b ...)`: each a parenthesised expression or a word. */
function operands(expression: string): string[] {
  const inner = expression.slice(1, -1);
  const list: string[] = [];
  let i = /^\S+/.exec(inner)![0].length;
  while (i < inner.length) {
    if (/\s/.test(inner[i]!)) i++;
    else if (inner[i] === '(') {
      const end = closing(inner, i);
      list.push(inner.slice(i, end));
      i = end;
    } else {
      const word = /^\S+/.exec(inner.slice(i))![0];
      list.push(word);
      i += word.length;
    }
  }
  return list;
}

/** The WebAssembly text with every f64x2 multiply-then-add (accumulator first) fused. */
export function fuseMultiplyAdd(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const at = text.indexOf('(f64x2.add ', from);
    if (at < 0) return out + text.slice(from);
    if (text.slice(text.lastIndexOf('\n', at) + 1, at).includes(';;')) {
      // in a comment: keep it as it is
      out += text.slice(from, at + 1);
      from = at + 1;
      continue;
    }
    const end = closing(text, at);
    const [sum, term, ...rest] = operands(text.slice(at, end));
    if (rest.length === 0 && term?.startsWith('(f64x2.mul ')) {
      const [x, y] = operands(term);
      out += `${text.slice(from, at)}(f64x2.relaxed_madd ${fuseMultiplyAdd(x!)} ${fuseMultiplyAdd(y!)} ${fuseMultiplyAdd(sum!)})`;
    } else {
      out += `${text.slice(from, at)}(f64x2.add ${fuseMultiplyAdd(text.slice(at + '(f64x2.add '.length, end))}`;
    }
    from = end;
  }
}
