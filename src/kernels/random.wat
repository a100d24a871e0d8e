;; Dropout's masks, drawn in bulk: NumPy's legacy binomial(1, p), bit for bit, from the same MT19937
;; stream as src/random.ts (which describes each step). Chapter 18 draws 1.5 million of them per
;; epoch; one JavaScript call per uniform, with its 32-bit words kept as doubles, costs more there
;; than every other step of the epoch.
;;
;; The caller copies the generator's 624 words to address 0, passes its position, and copies the
;; words back afterwards; the draws go to $out as float64s. Addresses 2496 to 4991 hold the
;; tempered words of the current state (WORDS).
(module
  (memory (export "memory") 1)

  ;; key[i] = key[src] ^ (y >>> 1) ^ (0x9908B0DF if y is odd), y = top bit of key[i] | low 31 of key[next].
  (func $mix (param $i i32) (param $next i32) (param $src i32)
    (local $y i32)
    (local.set $y (i32.or
      (i32.and (i32.load (i32.shl (local.get $i) (i32.const 2))) (i32.const 0x80000000))
      (i32.and (i32.load (i32.shl (local.get $next) (i32.const 2))) (i32.const 0x7fffffff))))
    (i32.store (i32.shl (local.get $i) (i32.const 2))
      (i32.xor (i32.xor (i32.load (i32.shl (local.get $src) (i32.const 2))) (i32.shr_u (local.get $y) (i32.const 1)))
        (i32.and (i32.sub (i32.const 0) (i32.and (local.get $y) (i32.const 1))) (i32.const 0x9908b0df)))))

  ;; Four words at once, as $mix does each: words i..i+3 from i+1..i+4 and src..src+3 (addresses).
  ;; Within one call every word it reads is one $mix would read at that point of the twist.
  (func $mix4 (param $at i32) (param $src i32)
    (local $y v128)
    (local.set $y (v128.or
      (v128.and (v128.load (local.get $at)) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
      (v128.and (v128.load offset=4 (local.get $at)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))))
    (v128.store (local.get $at)
      (v128.xor (v128.xor (v128.load (local.get $src)) (i32x4.shr_u (local.get $y) (i32.const 1)))
        (v128.and (i32x4.sub (v128.const i32x4 0 0 0 0) (v128.and (local.get $y) (v128.const i32x4 1 1 1 1)))
          (v128.const i32x4 0x9908b0df 0x9908b0df 0x9908b0df 0x9908b0df)))))

  ;; The twist: all 624 words regenerated (N = 624, M = 397), four at a time where the order allows:
  ;; words 0..226 mix in word i + 397 (not yet regenerated), words 227..622 word i − 227 (already).
  (func $twist
    (local $at i32)
    (block $first_done (loop $first
      (br_if $first_done (i32.ge_u (local.get $at) (i32.const 896)))
      (call $mix4 (local.get $at) (i32.add (local.get $at) (i32.const 1588)))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $first)))
    (call $mix (i32.const 224) (i32.const 225) (i32.const 621))
    (call $mix (i32.const 225) (i32.const 226) (i32.const 622))
    (call $mix (i32.const 226) (i32.const 227) (i32.const 623))
    (local.set $at (i32.const 908))
    (block $second_done (loop $second
      (br_if $second_done (i32.ge_u (local.get $at) (i32.const 2492)))
      (call $mix4 (local.get $at) (i32.sub (local.get $at) (i32.const 908)))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $second)))
    (call $mix (i32.const 623) (i32.const 0) (i32.const 396)))

  ;; The tempered words of the current state, from word $from on, into WORDS (address 2496): the
  ;; steps of `nextUint32` after the read, four words at a time.
  (func $temper (param $from i32)
    (local $at i32) (local $y v128)
    (local.set $at (i32.shl (i32.and (local.get $from) (i32.const -4)) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (i32.const 2496)))
      (local.set $y (v128.load (local.get $at)))
      (local.set $y (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 11))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 7)) (v128.const i32x4 0x9d2c5680 0x9d2c5680 0x9d2c5680 0x9d2c5680))))
      (local.set $y (v128.xor (local.get $y) (v128.and (i32x4.shl (local.get $y) (i32.const 15)) (v128.const i32x4 0xefc60000 0xefc60000 0xefc60000 0xefc60000))))
      (v128.store offset=2496 (local.get $at) (v128.xor (local.get $y) (i32x4.shr_u (local.get $y) (i32.const 18))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $each))))

  ;; $count draws of binomial(1, p) into $out (float64), by NumPy's inversion for p' = min(p, 1 − p):
  ;; X = 0 if u ≤ q^1 ($qn); else X = 1 if u − qn ≤ P(X = 1) ($px1); else past the bound: a new u.
  ;; The result is X, or 1 − X when $flip (p > 0.5), times $scale (dropout's 1 / (1 − rate); the
  ;; result is 0 or 1, so this is the division by 1 − rate exactly). Returns the generator's new position.
  (func (export "binomial1") (param $pos i32) (param $out i32) (param $count i32)
        (param $qn f64) (param $px1 f64) (param $flip i32) (param $scale f64) (result i32)
    (local $end i32) (local $a i32) (local $b i32) (local $u f64) (local $x f64)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (call $temper (local.get $pos))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (block $drawn (loop $draw
        ;; u = rand(): two words, each read as `nextUint32` reads it (twisting at the end of the state).
        (if (i32.ge_u (local.get $pos) (i32.const 624)) (then
          (call $twist) (call $temper (i32.const 0)) (local.set $pos (i32.const 0))))
        (local.set $a (i32.load offset=2496 (i32.shl (local.get $pos) (i32.const 2))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        (if (i32.ge_u (local.get $pos) (i32.const 624)) (then
          (call $twist) (call $temper (i32.const 0)) (local.set $pos (i32.const 0))))
        (local.set $b (i32.load offset=2496 (i32.shl (local.get $pos) (i32.const 2))))
        (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
        ;; (· 2^−53 is the division by 2^53 exactly, without the cost of a division)
        (local.set $u (f64.mul
          (f64.add (f64.mul (f64.convert_i32_u (i32.shr_u (local.get $a) (i32.const 5))) (f64.const 67108864))
            (f64.convert_i32_u (i32.shr_u (local.get $b) (i32.const 6))))
          (f64.const 0x1p-53)))
        (local.set $x (f64.const 0))
        (br_if $drawn (f64.le (local.get $u) (local.get $qn)))
        (local.set $x (f64.const 1))
        (br_if $drawn (f64.le (f64.sub (local.get $u) (local.get $qn)) (local.get $px1)))
        (br $draw)))
      (f64.store (local.get $out)
        (f64.mul (select (f64.sub (f64.const 1) (local.get $x)) (local.get $x) (local.get $flip)) (local.get $scale)))
      (local.set $out (i32.add (local.get $out) (i32.const 8)))
      (br $each)))
    (local.get $pos))
)
