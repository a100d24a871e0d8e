;; Dropout's masks, drawn in bulk: NumPy's legacy binomial(1, p), bit for bit, from the same MT19937
;; stream as src/random.ts (which describes each step). Chapter 18 draws 1.5 million of them per
;; epoch; one JavaScript call per uniform, with its 32-bit words kept as doubles, costs more there
;; than every other step of the epoch.
;;
;; The generator's state sits at any address $s (a multiple of 16 is fastest) that the caller passes:
;; the 624 words at $s, one spare word at $s + 2508, the tempered copy of the 624 words at $s + 2512
;; (TEMPERED, 5008 bytes in all). The caller copies the words in, passes its position, and copies the
;; words back afterwards; the tempered copy is scratch, rebuilt on each call. The draws go to $out.
;;
;; Why it is laid out so (Node 20's V8, measured): V8 does not inline WebAssembly calls, so the twist
;; and the tempering are one loop without calls; the draws read whole stretches of tempered words with
;; no per-word check for the end of the state; and the draw itself is integer compares with no
;; branch except the rare redraw (u ≤ P(X = 0) is true 90% of the time for dropout, so a branch on
;; it is mispredicted one draw in ten).
(module
  (memory (export "memory") 1)

  ;; TEMPERED[i] for words i..i+3 (address $p of word i): the steps of `nextUint32` after the read.
  (func $temper4 (param $p i32)
    (local $y v128)
    (local.set $y (v128.load (local.get $p)))
    (local.set $y (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 11))))
    (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
    (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
    (v128.store offset=2512 (local.get $p) (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 18)))))

  ;; TEMPERED from word $from on (rounded down to a multiple of 4) to the end, for the current words.
  (func $temper (param $s i32) (param $from i32)
    (local $p i32) (local $end i32)
    (local.set $p (i32.add (local.get $s) (i32.shl (i32.and (local.get $from) (i32.const -4)) (i32.const 2))))
    (local.set $end (i32.add (local.get $s) (i32.const 2496)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (call $temper4 (local.get $p))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br $each))))

  ;; The twist (all 624 words regenerated, N = 624, M = 397) and TEMPERED of the new words, in one
  ;; pass. Word i becomes word[i + 397 or i − 227] ^ (y >>> 1) ^ (0x9908B0DF if y is odd), y = top bit
  ;; of word i | low 31 bits of word i + 1. Four words at a time where the order allows: words 0..223
  ;; mix in words 397..620 (not yet regenerated), words 227..622 words 0..395 (already); words
  ;; 224..226 (which need 621..623, not yet) and 623 (which needs the new word 0) one at a time.
  ;; -(y & 1) is (y << 31) >> 31 (arithmetic), all ones or all zeros: the odd test without a branch.
  (func $regen (param $s i32)
    (local $p i32) (local $end i32) (local $y v128) (local $t i32)
    (local.set $p (local.get $s))
    (local.set $end (i32.add (local.get $s) (i32.const 896)))
    (loop $first
      (local.set $y (v128.or
        (v128.and (v128.load (local.get $p)) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (v128.and (v128.load offset=4 (local.get $p)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))))
      (local.set $y (v128.xor (v128.xor (v128.load offset=1588 (local.get $p)) (i32x4.shr_u (local.get $y) (i32.const 1)))
        (v128.and (i32x4.shr_s (i32x4.shl (local.get $y) (i32.const 31)) (i32.const 31))
          (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df))))
      (v128.store (local.get $p) (local.get $y))
      ;; (the tempering of $temper4, on the word still in a register)
      (local.set $y (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 11))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
      (v128.store offset=2512 (local.get $p) (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 18))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $first (i32.lt_u (local.get $p) (local.get $end))))
    (local.set $end (i32.add (local.get $s) (i32.const 908)))
    (loop $single
      (local.set $t (i32.or
        (i32.and (i32.load (local.get $p)) (i32.const 0x80000000))
        (i32.and (i32.load offset=4 (local.get $p)) (i32.const 0x7fffffff))))
      (i32.store (local.get $p)
        (i32.xor (i32.xor (i32.load offset=1588 (local.get $p)) (i32.shr_u (local.get $t) (i32.const 1)))
          (i32.and (i32.sub (i32.const 0) (i32.and (local.get $t) (i32.const 1))) (i32.const 0x9908b0df))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $single (i32.lt_u (local.get $p) (local.get $end))))
    (local.set $end (i32.add (local.get $s) (i32.const 2492)))
    (loop $second
      (local.set $y (v128.or
        (v128.and (v128.load (local.get $p)) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (v128.and (v128.load offset=4 (local.get $p)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))))
      (local.set $y (v128.xor (v128.xor (v128.load (i32.sub (local.get $p) (i32.const 908))) (i32x4.shr_u (local.get $y) (i32.const 1)))
        (v128.and (i32x4.shr_s (i32x4.shl (local.get $y) (i32.const 31)) (i32.const 31))
          (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df))))
      (v128.store (local.get $p) (local.get $y))
      (local.set $y (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 11))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
      (v128.store offset=2512 (local.get $p) (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 18))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $second (i32.lt_u (local.get $p) (local.get $end))))
    (local.set $t (i32.or
      (i32.and (i32.load offset=2492 (local.get $s)) (i32.const 0x80000000))
      (i32.and (i32.load (local.get $s)) (i32.const 0x7fffffff))))
    (i32.store offset=2492 (local.get $s)
      (i32.xor (i32.xor (i32.load offset=1584 (local.get $s)) (i32.shr_u (local.get $t) (i32.const 1)))
        (i32.and (i32.sub (i32.const 0) (i32.and (local.get $t) (i32.const 1))) (i32.const 0x9908b0df))))
    ;; the words regenerated one at a time, tempered four at a time with their neighbours
    (call $temper4 (i32.add (local.get $s) (i32.const 896)))
    (call $temper4 (i32.add (local.get $s) (i32.const 2480))))

  ;; $count draws of binomial(1, p) into $out (float64), by NumPy's inversion for p' = min(p, 1 − p):
  ;; X = 0 if u ≤ q^1 ($qn); else X = 1 if u − qn ≤ P(X = 1) ($px1); else past the bound: a new u.
  ;; The result is $v0 for X = 0 and $v1 for X = 1 (the caller's flip for p > 0.5 and division).
  ;; Returns the generator's new position (0..624).
  ;;
  ;; u = k · 2^−53 with k = (a >>> 5) · 2^26 + (b >>> 6) from two words a, b, so with qn = k0 · 2^−53
  ;; for an integer k0 (the caller checks that qn · 2^53 is one; qn ≥ 1/2 here), u ≤ qn is k ≤ k0 and
  ;; u − qn (exact: both are multiples of 2^−53 below 1) > px1 is k − k0 > px1 · 2^53, that is
  ;; k > k1 = k0 + floor(px1 · 2^53): the same decisions as the doubles, in integers, with no conversion.
  (func (export "binomial1") (param $s i32) (param $pos i32) (param $out i32) (param $count i32)
        (param $qn f64) (param $px1 f64) (param $v0 f64) (param $v1 f64) (result i32)
    (local $end i32) (local $w i32) (local $a i32) (local $n i32)
    (local $k i64) (local $k0 i64) (local $k1 i64) (local $l v128) (local $x v128) (local $y v128)
    (local.set $k0 (i64.trunc_f64_s (f64.mul (local.get $qn) (f64.const 0x1p53))))
    (local.set $k1 (i64.add (local.get $k0) (i64.trunc_f64_s (f64.floor (f64.mul (local.get $px1) (f64.const 0x1p53))))))
    ;; $out 128 below the draws (its stores 128 above): longer encodings that keep the loop's jumps off
    ;; 32-byte boundaries (scripts/jump-alignment.ts).
    (local.set $out (i32.sub (local.get $out) (i32.const 128)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (call $temper (local.get $s) (local.get $pos))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      ;; At the end of the state: twist. A draw whose first word is the last of the state (position
      ;; 623) keeps that tempered word in the spare word just before TEMPERED, and reads on from
      ;; position −1, so that it is drawn like any other.
      (if (i32.ge_s (local.get $pos) (i32.const 623)) (then
        (if (i32.eq (local.get $pos) (i32.const 623))
          (then
            (local.set $a (i32.load offset=2512 (i32.add (local.get $s) (i32.const 2492))))
            (call $regen (local.get $s))
            (i32.store offset=2508 (local.get $s) (local.get $a))
            (local.set $pos (i32.const -1)))
          (else
            (call $regen (local.get $s))
            (local.set $pos (i32.const 0))))))
      ;; $n draws without passing the end of the state or of $out: no checks for it inside.
      (local.set $w (i32.add (i32.add (local.get $s) (i32.const 2512)) (i32.shl (local.get $pos) (i32.const 2))))
      (local.set $n (i32.shr_u (i32.sub (i32.const 624) (local.get $pos)) (i32.const 1)))
      (local.set $a (i32.shr_u (i32.sub (local.get $end) (local.get $out)) (i32.const 3)))
      (local.set $n (select (local.get $n) (local.get $a) (i32.lt_u (local.get $n) (local.get $a))))
      ;; Four draws at a time: each 64-bit lane holds a draw's two words (a low, b high), so
      ;; k = ((lane << 32) >>> 37) << 26 | lane >>> 38. Any redraw among the four leaves them to the
      ;; single draw below, which takes the first.
      (block $fours_done (loop $fours
        (br_if $fours_done (i32.lt_u (local.get $n) (i32.const 4)))
        (local.set $l (v128.load (local.get $w)))
        (local.set $x (v128.or
          (i64x2.shl (i64x2.shr_u (i64x2.shl (local.get $l) (i32.const 32)) (i32.const 37)) (i32.const 26))
          (i64x2.shr_u (local.get $l) (i32.const 38))))
        (local.set $l (v128.load offset=16 (local.get $w)))
        (local.set $y (v128.or
          (i64x2.shl (i64x2.shr_u (i64x2.shl (local.get $l) (i32.const 32)) (i32.const 37)) (i32.const 26))
          (i64x2.shr_u (local.get $l) (i32.const 38))))
        (br_if $fours_done (v128.any_true (v128.or
          (i64x2.gt_s (local.get $x) (i64x2.splat (local.get $k1)))
          (i64x2.gt_s (local.get $y) (i64x2.splat (local.get $k1))))))
        (v128.store offset=128 (local.get $out) (v128.bitselect (f64x2.splat (local.get $v1)) (f64x2.splat (local.get $v0))
          (i64x2.gt_s (local.get $x) (i64x2.splat (local.get $k0)))))
        (v128.store offset=144 (local.get $out) (v128.bitselect (f64x2.splat (local.get $v1)) (f64x2.splat (local.get $v0))
          (i64x2.gt_s (local.get $y) (i64x2.splat (local.get $k0)))))
        (local.set $w (i32.add (local.get $w) (i32.const 32)))
        (local.set $out (i32.add (local.get $out) (i32.const 32)))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $fours)))
      ;; One draw (the last up to three of a stretch, or the first of four with a redraw among them).
      (if (local.get $n) (then
        (local.set $k (i64.or
          (i64.shl (i64.extend_i32_u (i32.shr_u (i32.load (local.get $w)) (i32.const 5))) (i64.const 26))
          (i64.extend_i32_u (i32.shr_u (i32.load offset=4 (local.get $w)) (i32.const 6)))))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (if (i64.le_s (local.get $k) (local.get $k1)) (then
          (f64.store offset=128 (local.get $out) (select (local.get $v1) (local.get $v0) (i64.gt_s (local.get $k) (local.get $k0))))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))))
      (local.set $pos (i32.shr_s (i32.sub (local.get $w) (i32.add (local.get $s) (i32.const 2512))) (i32.const 2)))
      (br $each)))
    (local.get $pos))
)
