;; Element-wise kernels: Adam's update, ReLU, column sums and adding a row (the biases) on float32
;; arrays, four elements at a time (f32x4); dropout, ReLU's backward pass and column sums on the
;; float64 arrays behind dropout, two at a time (f64x2); softmax's forward pass on float32 rows,
;; with a port of V8's Math.exp (at the end).
;;
;; Under the book's nnfs.init() every array is float32 and NumPy rounds after every operation. An
;; f32x4 multiply, add, divide, square root or max is exactly that operation rounded to float32, so
;; these loops give the same bits as the scalar loops with Math.fround at every step. They also have
;; no branches on the data: in JavaScript, `x > 0 ? x : 0` on data that is half negative mispredicts
;; every other element, which on this machine costs more than everything else in the loop.
;;
;; Every function takes the addresses of its arrays and their lengths, reads and writes exactly
;; those elements (a scalar tail finishes any n), and lets the output be one of its inputs (in place).
;; The loops call no functions (V8 does not inline WebAssembly calls: a call per two elements cost
;; more than the arithmetic) and do several vectors per turn, through the loads' and stores'
;; constant offsets (four for the element-wise loops and for Adam, four rows per pass for the
;; column sums: each measured faster than one, and eight rows slower than four).
(module
  (memory (export "memory") 1)

  ;; m = β₁m + (1−β₁)g;  m̂ = m / (1−β₁ᵗ);  c = β₂c + (1−β₂)g²;  ĉ = c / (1−β₂ᵗ);
  ;; value = value + (−lr · m̂) / (√ĉ + ε). The scalars arrive already rounded to float32.
  ;;
  ;; Subnormal floats (below 2⁻¹²⁶) are the catch: this machine's float32 multiply and divide take
  ;; a microcode assist of ~50 ns whenever an input or result is subnormal, and a neuron that stops
  ;; firing leaves its weights' momentums decaying by β₁ every step into that range, where they
  ;; stay (0.9 times the smallest subnormal rounds back to it): a training MLP's Adam step went
  ;; from 230 to 560 µs after ~700 steps. So with `guard` set, each sixteen values are checked
  ;; first, and where a g is nonzero and below 2⁻⁵⁸, or an m or c below 2⁻¹⁰⁰ (so that a product
  ;; might come out subnormal: (1−β₂)g², or −lr·m̂ for a learning rate down to 2⁻²⁶), they go through
  ;; $adamVectors, which does such vectors in float64. (Higher bounds cost: between 2⁻¹⁰⁰ and 2⁻⁵⁰ a
  ;; momentum is still fast in float32, and decays there for ~300 steps.) Returns how many sixteens
  ;; did (0 without `guard`), for the caller to decide when to guard (wasm-elementwise.ts).
  (func $adam32 (export "adam32") (param $value i32) (param $grad i32) (param $m i32) (param $c i32) (param $n i32)
        (param $beta1 f32) (param $keep1 f32) (param $correction1 f32)
        (param $beta2 f32) (param $keep2 f32) (param $correction2 f32)
        (param $lr f32) (param $epsilon f32) (param $guard i32) (result i32)
    (local $at i32) (local $run i32) (local $end i32) (local $fours i32) (local $tiny i32) (local $smallG v128) (local $smallMC v128)
    (local $gi i32) (local $mi i32) (local $ci i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $fours (i32.and (local.get $end) (i32.const -64)))
    (if (i32.eqz (local.get $guard))
      (then (local.set $at (local.get $fours)))
      (else
        ;; Runs of sixteens without a tiny value go to $adamFast, the others to $adamVectors.
        (block $scanned (loop $each_sixteen
          (br_if $scanned (i32.ge_u (local.get $at) (local.get $fours)))
          (local.set $gi (i32.add (local.get $grad) (local.get $at)))
          (local.set $mi (i32.add (local.get $m) (local.get $at)))
          (local.set $ci (i32.add (local.get $c) (local.get $at)))
          ;; The smallest |x| − 1 of the sixteen g, and of the 32 m and c, as unsigned bits (the sign
          ;; shifted out; |x| − 1 wraps around for 0): below the bits of 2⁻⁵⁸ − 1 (g) or 2⁻¹⁰⁰ − 1 (m, c)
          ;; only if one is nonzero and below that.
          (local.set $smallG (i32x4.min_u
            (i32x4.min_u (i32x4.sub (i32x4.shl (v128.load (local.get $gi)) (i32.const 1)) (v128.const i32x4 1 1 1 1))
              (i32x4.sub (i32x4.shl (v128.load offset=16 (local.get $gi)) (i32.const 1)) (v128.const i32x4 1 1 1 1)))
            (i32x4.min_u (i32x4.sub (i32x4.shl (v128.load offset=32 (local.get $gi)) (i32.const 1)) (v128.const i32x4 1 1 1 1))
              (i32x4.sub (i32x4.shl (v128.load offset=48 (local.get $gi)) (i32.const 1)) (v128.const i32x4 1 1 1 1)))))
          (local.set $smallMC (i32x4.min_u
            (i32x4.min_u
              (i32x4.min_u (i32x4.sub (i32x4.shl (v128.load (local.get $mi)) (i32.const 1)) (v128.const i32x4 1 1 1 1))
                (i32x4.sub (i32x4.shl (v128.load offset=16 (local.get $mi)) (i32.const 1)) (v128.const i32x4 1 1 1 1)))
              (i32x4.min_u (i32x4.sub (i32x4.shl (v128.load offset=32 (local.get $mi)) (i32.const 1)) (v128.const i32x4 1 1 1 1))
                (i32x4.sub (i32x4.shl (v128.load offset=48 (local.get $mi)) (i32.const 1)) (v128.const i32x4 1 1 1 1))))
            (i32x4.min_u
              (i32x4.min_u (i32x4.sub (i32x4.shl (v128.load (local.get $ci)) (i32.const 1)) (v128.const i32x4 1 1 1 1))
                (i32x4.sub (i32x4.shl (v128.load offset=16 (local.get $ci)) (i32.const 1)) (v128.const i32x4 1 1 1 1)))
              (i32x4.min_u (i32x4.sub (i32x4.shl (v128.load offset=32 (local.get $ci)) (i32.const 1)) (v128.const i32x4 1 1 1 1))
                (i32x4.sub (i32x4.shl (v128.load offset=48 (local.get $ci)) (i32.const 1)) (v128.const i32x4 1 1 1 1))))))
          (if (v128.any_true (v128.or
                (i32x4.lt_u (local.get $smallG) (v128.const i32x4 0x44ffffff 0x44ffffff 0x44ffffff 0x44ffffff))
                (i32x4.lt_u (local.get $smallMC) (v128.const i32x4 0x1affffff 0x1affffff 0x1affffff 0x1affffff))))
            (then
              (call $adamFast (local.get $value) (local.get $grad) (local.get $m) (local.get $c) (local.get $run) (local.get $at)
                (local.get $beta1) (local.get $keep1) (local.get $correction1) (local.get $beta2) (local.get $keep2) (local.get $correction2)
                (local.get $lr) (local.get $epsilon))
              (call $adamVectors (local.get $value) (local.get $grad) (local.get $m) (local.get $c) (local.get $at) (i32.add (local.get $at) (i32.const 64))
                (local.get $beta1) (local.get $keep1) (local.get $correction1) (local.get $beta2) (local.get $keep2) (local.get $correction2)
                (local.get $lr) (local.get $epsilon))
              (local.set $tiny (i32.add (local.get $tiny) (i32.const 1)))
              (local.set $run (i32.add (local.get $at) (i32.const 64)))))
          (local.set $at (i32.add (local.get $at) (i32.const 64)))
          (br $each_sixteen)))))
    (call $adamFast (local.get $value) (local.get $grad) (local.get $m) (local.get $c) (local.get $run) (local.get $fours)
      (local.get $beta1) (local.get $keep1) (local.get $correction1) (local.get $beta2) (local.get $keep2) (local.get $correction2)
      (local.get $lr) (local.get $epsilon))
    (call $adamVectors (local.get $value) (local.get $grad) (local.get $m) (local.get $c) (local.get $fours) (i32.and (local.get $end) (i32.const -16))
      (local.get $beta1) (local.get $keep1) (local.get $correction1) (local.get $beta2) (local.get $keep2) (local.get $correction2)
      (local.get $lr) (local.get $epsilon))
    (call $adamScalars (local.get $value) (local.get $grad) (local.get $m) (local.get $c) (i32.and (local.get $end) (i32.const -16)) (local.get $end)
      (local.get $beta1) (local.get $keep1) (local.get $correction1) (local.get $beta2) (local.get $keep2) (local.get $correction2)
      (local.get $lr) (local.get $epsilon))
    (local.get $tiny))

  ;; One unit of Adam's update for the second thread (matmul-threads.ts, wasm-elementwise.ts): the
  ;; 64-byte record at $u holds adam32's arguments (value, grad, m, c and n as i32, its eight scalars
  ;; as f32, guard), and gets adam32's result in its word 14.
  (func (export "adamUnit") (param $u i32)
    (i32.store offset=56 (local.get $u)
      (call $adam32 (i32.load (local.get $u)) (i32.load offset=4 (local.get $u)) (i32.load offset=8 (local.get $u))
        (i32.load offset=12 (local.get $u)) (i32.load offset=16 (local.get $u))
        (f32.load offset=20 (local.get $u)) (f32.load offset=24 (local.get $u)) (f32.load offset=28 (local.get $u))
        (f32.load offset=32 (local.get $u)) (f32.load offset=36 (local.get $u)) (f32.load offset=40 (local.get $u))
        (f32.load offset=44 (local.get $u)) (f32.load offset=48 (local.get $u)) (i32.load offset=52 (local.get $u)))))

  ;; Adam's update from byte `at` to `end` (a multiple of 64 apart) in float32, four vectors per
  ;; turn (the divisions and square roots of all four overlap: two per turn were a third faster than
  ;; one, four another 15% (W1's 100,352 values 174 → 149 µs), eight slower).
  (func $adamFast (param $value i32) (param $grad i32) (param $m i32) (param $c i32) (param $at i32) (param $end i32)
        (param $beta1 f32) (param $keep1 f32) (param $correction1 f32)
        (param $beta2 f32) (param $keep2 f32) (param $correction2 f32)
        (param $lr f32) (param $epsilon f32)
    (local $b1 v128) (local $k1 v128) (local $c1 v128) (local $b2 v128) (local $k2 v128) (local $c2 v128)
    (local $rate v128) (local $eps v128)
    (local $gv0 v128) (local $mv0 v128) (local $cv0 v128) (local $gv1 v128) (local $mv1 v128) (local $cv1 v128)
    (local $gv2 v128) (local $mv2 v128) (local $cv2 v128) (local $gv3 v128) (local $mv3 v128) (local $cv3 v128)
    (local $gi i32) (local $mi i32) (local $ci i32) (local $vi i32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $k1 (f32x4.splat (local.get $keep1)))
    (local.set $c1 (f32x4.splat (local.get $correction1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $k2 (f32x4.splat (local.get $keep2)))
    (local.set $c2 (f32x4.splat (local.get $correction2)))
    (local.set $rate (f32x4.splat (local.get $lr)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (block $done (loop $each_four
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $gi (i32.add (local.get $grad) (local.get $at)))
      (local.set $mi (i32.add (local.get $m) (local.get $at)))
      (local.set $ci (i32.add (local.get $c) (local.get $at)))
      (local.set $vi (i32.add (local.get $value) (local.get $at)))
      (local.set $gv0 (v128.load (local.get $gi)))
      (local.set $mv0 (f32x4.add
        (f32x4.mul (local.get $b1) (v128.load (local.get $mi)))
        (f32x4.mul (local.get $k1) (local.get $gv0))))
      (v128.store (local.get $mi) (local.get $mv0))
      (local.set $cv0 (f32x4.add
        (f32x4.mul (local.get $b2) (v128.load (local.get $ci)))
        (f32x4.mul (local.get $k2) (f32x4.mul (local.get $gv0) (local.get $gv0)))))
      (v128.store (local.get $ci) (local.get $cv0))
      (local.set $gv1 (v128.load offset=16 (local.get $gi)))
      (local.set $mv1 (f32x4.add
        (f32x4.mul (local.get $b1) (v128.load offset=16 (local.get $mi)))
        (f32x4.mul (local.get $k1) (local.get $gv1))))
      (v128.store offset=16 (local.get $mi) (local.get $mv1))
      (local.set $cv1 (f32x4.add
        (f32x4.mul (local.get $b2) (v128.load offset=16 (local.get $ci)))
        (f32x4.mul (local.get $k2) (f32x4.mul (local.get $gv1) (local.get $gv1)))))
      (v128.store offset=16 (local.get $ci) (local.get $cv1))
      (local.set $gv2 (v128.load offset=32 (local.get $gi)))
      (local.set $mv2 (f32x4.add
        (f32x4.mul (local.get $b1) (v128.load offset=32 (local.get $mi)))
        (f32x4.mul (local.get $k1) (local.get $gv2))))
      (v128.store offset=32 (local.get $mi) (local.get $mv2))
      (local.set $cv2 (f32x4.add
        (f32x4.mul (local.get $b2) (v128.load offset=32 (local.get $ci)))
        (f32x4.mul (local.get $k2) (f32x4.mul (local.get $gv2) (local.get $gv2)))))
      (v128.store offset=32 (local.get $ci) (local.get $cv2))
      (local.set $gv3 (v128.load offset=48 (local.get $gi)))
      (local.set $mv3 (f32x4.add
        (f32x4.mul (local.get $b1) (v128.load offset=48 (local.get $mi)))
        (f32x4.mul (local.get $k1) (local.get $gv3))))
      (v128.store offset=48 (local.get $mi) (local.get $mv3))
      (local.set $cv3 (f32x4.add
        (f32x4.mul (local.get $b2) (v128.load offset=48 (local.get $ci)))
        (f32x4.mul (local.get $k2) (f32x4.mul (local.get $gv3) (local.get $gv3)))))
      (v128.store offset=48 (local.get $ci) (local.get $cv3))
      (v128.store (local.get $vi)
        (f32x4.add (v128.load (local.get $vi))
          (f32x4.div
            (f32x4.mul (local.get $rate) (f32x4.div (local.get $mv0) (local.get $c1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $cv0) (local.get $c2))) (local.get $eps)))))
      (v128.store offset=16 (local.get $vi)
        (f32x4.add (v128.load offset=16 (local.get $vi))
          (f32x4.div
            (f32x4.mul (local.get $rate) (f32x4.div (local.get $mv1) (local.get $c1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $cv1) (local.get $c2))) (local.get $eps)))))
      (v128.store offset=32 (local.get $vi)
        (f32x4.add (v128.load offset=32 (local.get $vi))
          (f32x4.div
            (f32x4.mul (local.get $rate) (f32x4.div (local.get $mv2) (local.get $c1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $cv2) (local.get $c2))) (local.get $eps)))))
      (v128.store offset=48 (local.get $vi)
        (f32x4.add (v128.load offset=48 (local.get $vi))
          (f32x4.div
            (f32x4.mul (local.get $rate) (f32x4.div (local.get $mv3) (local.get $c1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $cv3) (local.get $c2))) (local.get $eps)))))
      (local.set $at (i32.add (local.get $at) (i32.const 64)))
      (br $each_four))))

  ;; Adam's update from byte `at` to `end` (a multiple of 16 apart), four values at a time: in
  ;; float32 as adam32 does, or, when one of the four's g, m or c is that small (see adam32), as two
  ;; float64 pairs, each float32 operation done in float64 and rounded to float32 (demoted and
  ;; promoted back). That is the operation's float32 result: a float64 product of two float32
  ;; values is exact, and a float64 sum, quotient or square root rounded again to float32 is the
  ;; correctly rounded float32 one, since 53 ≥ 2 · 24 + 2. Subnormal float32 values are normal
  ;; float64 ones, and the conversions take no assist.
  (func $adamVectors (param $value i32) (param $grad i32) (param $m i32) (param $c i32) (param $at i32) (param $end i32)
        (param $beta1 f32) (param $keep1 f32) (param $correction1 f32)
        (param $beta2 f32) (param $keep2 f32) (param $correction2 f32)
        (param $lr f32) (param $epsilon f32)
    (local $b1 v128) (local $k1 v128) (local $c1 v128) (local $b2 v128) (local $k2 v128) (local $c2 v128)
    (local $rate v128) (local $eps v128) (local $one v128)
    (local $gi i32) (local $mi i32) (local $ci i32) (local $vi i32)
    (local $gv0 v128) (local $mv0 v128) (local $cv0 v128)
    (local $B1 v128) (local $K1 v128) (local $C1 v128) (local $B2 v128) (local $K2 v128) (local $C2 v128) (local $RATE v128) (local $EPS v128)
    (local $g4 v128) (local $m4 v128) (local $c4 v128) (local $v4 v128)
    (local $gL v128) (local $mL v128) (local $cL v128) (local $vL v128) (local $tL v128) (local $uL v128)
    (local $gH v128) (local $mH v128) (local $cH v128) (local $vH v128) (local $tH v128) (local $uH v128)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $k1 (f32x4.splat (local.get $keep1)))
    (local.set $c1 (f32x4.splat (local.get $correction1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $k2 (f32x4.splat (local.get $keep2)))
    (local.set $c2 (f32x4.splat (local.get $correction2)))
    (local.set $rate (f32x4.splat (local.get $lr)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $one (v128.const i32x4 1 1 1 1))
    (local.set $B1 (f64x2.splat (f64.promote_f32 (local.get $beta1))))
    (local.set $K1 (f64x2.splat (f64.promote_f32 (local.get $keep1))))
    (local.set $C1 (f64x2.splat (f64.promote_f32 (local.get $correction1))))
    (local.set $B2 (f64x2.splat (f64.promote_f32 (local.get $beta2))))
    (local.set $K2 (f64x2.splat (f64.promote_f32 (local.get $keep2))))
    (local.set $C2 (f64x2.splat (f64.promote_f32 (local.get $correction2))))
    (local.set $RATE (f64x2.splat (f64.promote_f32 (local.get $lr))))
    (local.set $EPS (f64x2.splat (f64.promote_f32 (local.get $epsilon))))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $gi (i32.add (local.get $grad) (local.get $at)))
      (local.set $mi (i32.add (local.get $m) (local.get $at)))
      (local.set $ci (i32.add (local.get $c) (local.get $at)))
      (local.set $vi (i32.add (local.get $value) (local.get $at)))
      ;; as in adam32, for these four values
      (if (v128.any_true (v128.or
          (i32x4.lt_u (i32x4.sub (i32x4.shl (v128.load (local.get $gi)) (i32.const 1)) (local.get $one))
            (v128.const i32x4 0x44ffffff 0x44ffffff 0x44ffffff 0x44ffffff))
          (i32x4.lt_u
            (i32x4.min_u (i32x4.sub (i32x4.shl (v128.load (local.get $mi)) (i32.const 1)) (local.get $one))
              (i32x4.sub (i32x4.shl (v128.load (local.get $ci)) (i32.const 1)) (local.get $one)))
            (v128.const i32x4 0x1affffff 0x1affffff 0x1affffff 0x1affffff))))
        (then
          ;; The low pair (L) and the high pair (H) of the four, as float64, each result rounded to float32.
          (local.set $g4 (v128.load (local.get $gi)))
          (local.set $gL (f64x2.promote_low_f32x4 (local.get $g4)))
          (local.set $gH (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $g4) (local.get $g4))))
          (local.set $m4 (v128.load (local.get $mi)))
          (local.set $mL (f64x2.promote_low_f32x4 (local.get $m4)))
          (local.set $mH (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $m4) (local.get $m4))))
          (local.set $c4 (v128.load (local.get $ci)))
          (local.set $cL (f64x2.promote_low_f32x4 (local.get $c4)))
          (local.set $cH (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c4) (local.get $c4))))
          (local.set $v4 (v128.load (local.get $vi)))
          (local.set $vL (f64x2.promote_low_f32x4 (local.get $v4)))
          (local.set $vH (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v4) (local.get $v4))))
          ;; m = β₁m + (1−β₁)g
          (local.set $tL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $B1) (local.get $mL)))))
          (local.set $tH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $B1) (local.get $mH)))))
          (local.set $uL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $K1) (local.get $gL)))))
          (local.set $uH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $K1) (local.get $gH)))))
          (local.set $mL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $tL) (local.get $uL)))))
          (local.set $mH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $tH) (local.get $uH)))))
          ;; c = β₂c + (1−β₂)g²
          (local.set $tL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $B2) (local.get $cL)))))
          (local.set $tH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $B2) (local.get $cH)))))
          (local.set $uL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $gL) (local.get $gL)))))
          (local.set $uH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $gH) (local.get $gH)))))
          (local.set $uL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $K2) (local.get $uL)))))
          (local.set $uH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $K2) (local.get $uH)))))
          (local.set $cL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $tL) (local.get $uL)))))
          (local.set $cH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $tH) (local.get $uH)))))
          ;; value + (−lr · m̂) / (√ĉ + ε), rounded when stored
          (local.set $tL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.div (local.get $mL) (local.get $C1)))))
          (local.set $tH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.div (local.get $mH) (local.get $C1)))))
          (local.set $tL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $RATE) (local.get $tL)))))
          (local.set $tH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.mul (local.get $RATE) (local.get $tH)))))
          (local.set $uL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.div (local.get $cL) (local.get $C2)))))
          (local.set $uH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.div (local.get $cH) (local.get $C2)))))
          (local.set $uL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sqrt (local.get $uL)))))
          (local.set $uH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.sqrt (local.get $uH)))))
          (local.set $uL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $uL) (local.get $EPS)))))
          (local.set $uH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.add (local.get $uH) (local.get $EPS)))))
          (local.set $tL (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.div (local.get $tL) (local.get $uL)))))
          (local.set $tH (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero (f64x2.div (local.get $tH) (local.get $uH)))))
          (local.set $tL (f64x2.add (local.get $vL) (local.get $tL)))
          (local.set $tH (f64x2.add (local.get $vH) (local.get $tH)))
          (v128.store (local.get $mi) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $mL)) (f32x4.demote_f64x2_zero (local.get $mH))))
          (v128.store (local.get $ci) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $cL)) (f32x4.demote_f64x2_zero (local.get $cH))))
          (v128.store (local.get $vi) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (f32x4.demote_f64x2_zero (local.get $tL)) (f32x4.demote_f64x2_zero (local.get $tH)))))
        (else
          (local.set $gv0 (v128.load (local.get $gi)))
          (local.set $mv0 (f32x4.add
            (f32x4.mul (local.get $b1) (v128.load (local.get $mi)))
            (f32x4.mul (local.get $k1) (local.get $gv0))))
          (v128.store (local.get $mi) (local.get $mv0))
          (local.set $cv0 (f32x4.add
            (f32x4.mul (local.get $b2) (v128.load (local.get $ci)))
            (f32x4.mul (local.get $k2) (f32x4.mul (local.get $gv0) (local.get $gv0)))))
          (v128.store (local.get $ci) (local.get $cv0))
          (v128.store (local.get $vi)
            (f32x4.add (v128.load (local.get $vi))
              (f32x4.div
                (f32x4.mul (local.get $rate) (f32x4.div (local.get $mv0) (local.get $c1)))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $cv0) (local.get $c2))) (local.get $eps)))))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $each))))

  ;; The same one value at a time (the last n mod 4), always in float64 rounded to float32.
  (func $adamScalars (param $value i32) (param $grad i32) (param $m i32) (param $c i32) (param $at i32) (param $end i32)
        (param $beta1 f32) (param $keep1 f32) (param $correction1 f32)
        (param $beta2 f32) (param $keep2 f32) (param $correction2 f32)
        (param $lr f32) (param $epsilon f32)
    (local $g f64) (local $mk f64) (local $ck f64)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $g (f64.promote_f32 (f32.load (i32.add (local.get $grad) (local.get $at)))))
      (local.set $mk (f64.promote_f32 (f32.demote_f64 (f64.add
        (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $beta1)) (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $at)))))))
        (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $keep1)) (local.get $g))))))))
      (f32.store (i32.add (local.get $m) (local.get $at)) (f32.demote_f64 (local.get $mk)))
      (local.set $ck (f64.promote_f32 (f32.demote_f64 (f64.add
        (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $beta2)) (f64.promote_f32 (f32.load (i32.add (local.get $c) (local.get $at)))))))
        (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $keep2)) (f64.promote_f32 (f32.demote_f64 (f64.mul (local.get $g) (local.get $g)))))))))))
      (f32.store (i32.add (local.get $c) (local.get $at)) (f32.demote_f64 (local.get $ck)))
      (f32.store (i32.add (local.get $value) (local.get $at))
        (f32.demote_f64 (f64.add (f64.promote_f32 (f32.load (i32.add (local.get $value) (local.get $at))))
          (f64.promote_f32 (f32.demote_f64 (f64.div
            (f64.promote_f32 (f32.demote_f64 (f64.mul (f64.promote_f32 (local.get $lr)) (f64.promote_f32 (f32.demote_f64 (f64.div (local.get $mk) (f64.promote_f32 (local.get $correction1))))))))
            (f64.promote_f32 (f32.demote_f64 (f64.add
              (f64.promote_f32 (f32.demote_f64 (f64.sqrt (f64.promote_f32 (f32.demote_f64 (f64.div (local.get $ck) (f64.promote_f32 (local.get $correction2))))))))
              (f64.promote_f32 (local.get $epsilon)))))))))))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (br $each))))

  ;; ReLU: out = max(0, x) (NaN stays NaN, as in np.maximum).
  (func (export "reluForward") (param $x i32) (param $out i32) (param $n i32)
    (local $at i32) (local $end i32) (local $vectors i32) (local $blocks i32) (local $xi i32) (local $oi i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectors (i32.and (local.get $end) (i32.const -16)))
    (local.set $blocks (i32.and (local.get $end) (i32.const -64)))
    (block $blocks_done (loop $each_block
      (br_if $blocks_done (i32.ge_u (local.get $at) (local.get $blocks)))
      (local.set $xi (i32.add (local.get $x) (local.get $at)))
      (local.set $oi (i32.add (local.get $out) (local.get $at)))
      (v128.store offset=0 (local.get $oi) (f32x4.max (v128.const f32x4 0 0 0 0) (v128.load offset=0 (local.get $xi))))
      (v128.store offset=16 (local.get $oi) (f32x4.max (v128.const f32x4 0 0 0 0) (v128.load offset=16 (local.get $xi))))
      (v128.store offset=32 (local.get $oi) (f32x4.max (v128.const f32x4 0 0 0 0) (v128.load offset=32 (local.get $xi))))
      (v128.store offset=48 (local.get $oi) (f32x4.max (v128.const f32x4 0 0 0 0) (v128.load offset=48 (local.get $xi))))
      (local.set $at (i32.add (local.get $at) (i32.const 64)))
      (br $each_block)))
    (block $vectors_done (loop $each_vector
      (br_if $vectors_done (i32.ge_u (local.get $at) (local.get $vectors)))
      (v128.store (i32.add (local.get $out) (local.get $at))
        (f32x4.max (v128.const f32x4 0 0 0 0) (v128.load (i32.add (local.get $x) (local.get $at)))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $each_vector)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (f32.store (i32.add (local.get $out) (local.get $at))
        (f32.max (f32.const 0) (f32.load (i32.add (local.get $x) (local.get $at)))))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (br $each))))

  ;; ReLU's backward pass: out = 0 where x <= 0, else d (a NaN input lets its gradient through, as
  ;; the book's `dinputs[inputs <= 0] = 0` does).
  (func (export "reluBackward") (param $d i32) (param $x i32) (param $out i32) (param $n i32)
    (local $at i32) (local $end i32) (local $vectors i32) (local $blocks i32) (local $di i32) (local $xi i32) (local $oi i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectors (i32.and (local.get $end) (i32.const -16)))
    (local.set $blocks (i32.and (local.get $end) (i32.const -64)))
    (block $blocks_done (loop $each_block
      (br_if $blocks_done (i32.ge_u (local.get $at) (local.get $blocks)))
      (local.set $di (i32.add (local.get $d) (local.get $at)))
      (local.set $xi (i32.add (local.get $x) (local.get $at)))
      (local.set $oi (i32.add (local.get $out) (local.get $at)))
      (v128.store offset=0 (local.get $oi) (v128.andnot (v128.load offset=0 (local.get $di))
        (f32x4.le (v128.load offset=0 (local.get $xi)) (v128.const f32x4 0 0 0 0))))
      (v128.store offset=16 (local.get $oi) (v128.andnot (v128.load offset=16 (local.get $di))
        (f32x4.le (v128.load offset=16 (local.get $xi)) (v128.const f32x4 0 0 0 0))))
      (v128.store offset=32 (local.get $oi) (v128.andnot (v128.load offset=32 (local.get $di))
        (f32x4.le (v128.load offset=32 (local.get $xi)) (v128.const f32x4 0 0 0 0))))
      (v128.store offset=48 (local.get $oi) (v128.andnot (v128.load offset=48 (local.get $di))
        (f32x4.le (v128.load offset=48 (local.get $xi)) (v128.const f32x4 0 0 0 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 64)))
      (br $each_block)))
    (block $vectors_done (loop $each_vector
      (br_if $vectors_done (i32.ge_u (local.get $at) (local.get $vectors)))
      (v128.store (i32.add (local.get $out) (local.get $at))
        (v128.andnot (v128.load (i32.add (local.get $d) (local.get $at)))
          (f32x4.le (v128.load (i32.add (local.get $x) (local.get $at))) (v128.const f32x4 0 0 0 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $each_vector)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (f32.store (i32.add (local.get $out) (local.get $at))
        (select (f32.const 0) (f32.load (i32.add (local.get $d) (local.get $at)))
          (f32.le (f32.load (i32.add (local.get $x) (local.get $at))) (f32.const 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (br $each))))

  ;; out[j] = x[0][j] + x[1][j] + … , the rows added one after another from −0, in float32
  ;; (np.sum(x, axis=0) of a float32 matrix with several columns: every layer's dbiases).
  ;; Four rows per pass over out, each column's sum still taken in row order.
  (func (export "sumColumns") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $i i32) (local $at i32) (local $row i32) (local $quads i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $quads (i32.and (local.get $row) (i32.const -16)))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $at) (local.get $row)))
      (f32.store (i32.add (local.get $out) (local.get $at)) (f32.const -0))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (br $zero)))
    (local.set $x1 (i32.add (local.get $x) (local.get $row)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $row)))
    ;; x3 is 16 below row 3 (its loads 16 above): longer encodings that keep the loop's jumps off
    ;; 32-byte boundaries (scripts/jump-alignment.ts).
    (local.set $x3 (i32.sub (i32.add (local.get $x2) (local.get $row)) (i32.const 16)))
    (block $fours_done (loop $each_four
      (br_if $fours_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $rows)))
      (local.set $at (i32.const 0))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.ge_u (local.get $at) (local.get $quads)))
        (v128.store (i32.add (local.get $out) (local.get $at))
          (f32x4.add (f32x4.add (f32x4.add (f32x4.add
            (v128.load (i32.add (local.get $out) (local.get $at)))
            (v128.load (i32.add (local.get $x) (local.get $at))))
            (v128.load (i32.add (local.get $x1) (local.get $at))))
            (v128.load (i32.add (local.get $x2) (local.get $at))))
            (v128.load offset=16 (i32.add (local.get $x3) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $each_quad)))
      (block $row_done (loop $each_rest
        (br_if $row_done (i32.ge_u (local.get $at) (local.get $row)))
        (f32.store (i32.add (local.get $out) (local.get $at))
          (f32.add (f32.add (f32.add (f32.add
            (f32.load (i32.add (local.get $out) (local.get $at)))
            (f32.load (i32.add (local.get $x) (local.get $at))))
            (f32.load (i32.add (local.get $x1) (local.get $at))))
            (f32.load (i32.add (local.get $x2) (local.get $at))))
            (f32.load offset=16 (i32.add (local.get $x3) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $each_rest)))
      (local.set $x (i32.add (i32.add (local.get $x3) (local.get $row)) (i32.const 16)))
      (local.set $x1 (i32.add (local.get $x) (local.get $row)))
      (local.set $x2 (i32.add (local.get $x1) (local.get $row)))
      (local.set $x3 (i32.sub (i32.add (local.get $x2) (local.get $row)) (i32.const 16)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $each_four)))
    ;; The last rows mod 4, one at a time.
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $at (i32.const 0))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.ge_u (local.get $at) (local.get $quads)))
        (v128.store (i32.add (local.get $out) (local.get $at))
          (f32x4.add (v128.load (i32.add (local.get $out) (local.get $at)))
            (v128.load (i32.add (local.get $x) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $each_quad)))
      (block $row_done (loop $each_rest
        (br_if $row_done (i32.ge_u (local.get $at) (local.get $row)))
        (f32.store (i32.add (local.get $out) (local.get $at))
          (f32.add (f32.load (i32.add (local.get $out) (local.get $at)))
            (f32.load (i32.add (local.get $x) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $each_rest)))
      (local.set $x (i32.add (local.get $x) (local.get $row)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; x[i][j] = x[i][j] + row[j] for every row i, in float32, in place (a layer's biases added).
  (func (export "addRow") (param $x i32) (param $rows i32) (param $cols i32) (param $row i32)
    (local $i i32) (local $at i32) (local $bytes i32) (local $quads i32) (local $blocks i32) (local $xi i32) (local $ri i32)
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $quads (i32.and (local.get $bytes) (i32.const -16)))
    (local.set $blocks (i32.and (local.get $bytes) (i32.const -64)))
    ;; x and row 16 below (their accesses 16 above): longer encodings that keep the loop's jumps off
    ;; 32-byte boundaries (scripts/jump-alignment.ts).
    (local.set $x (i32.sub (local.get $x) (i32.const 16)))
    (local.set $row (i32.sub (local.get $row) (i32.const 16)))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $at (i32.const 0))
      (block $blocks_done (loop $each_block
        (br_if $blocks_done (i32.ge_u (local.get $at) (local.get $blocks)))
        (local.set $xi (i32.add (local.get $x) (local.get $at)))
        (local.set $ri (i32.add (local.get $row) (local.get $at)))
        (v128.store offset=16 (local.get $xi) (f32x4.add (v128.load offset=16 (local.get $xi)) (v128.load offset=16 (local.get $ri))))
        (v128.store offset=32 (local.get $xi) (f32x4.add (v128.load offset=32 (local.get $xi)) (v128.load offset=32 (local.get $ri))))
        (v128.store offset=48 (local.get $xi) (f32x4.add (v128.load offset=48 (local.get $xi)) (v128.load offset=48 (local.get $ri))))
        (v128.store offset=64 (local.get $xi) (f32x4.add (v128.load offset=64 (local.get $xi)) (v128.load offset=64 (local.get $ri))))
        (local.set $at (i32.add (local.get $at) (i32.const 64)))
        (br $each_block)))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.ge_u (local.get $at) (local.get $quads)))
        (v128.store offset=16 (i32.add (local.get $x) (local.get $at))
          (f32x4.add (v128.load offset=16 (i32.add (local.get $x) (local.get $at)))
            (v128.load offset=16 (i32.add (local.get $row) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $each_quad)))
      (block $row_done (loop $each_rest
        (br_if $row_done (i32.ge_u (local.get $at) (local.get $bytes)))
        (f32.store offset=16 (i32.add (local.get $x) (local.get $at))
          (f32.add (f32.load offset=16 (i32.add (local.get $x) (local.get $at)))
            (f32.load offset=16 (i32.add (local.get $row) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $each_rest)))
      (local.set $x (i32.add (local.get $x) (local.get $bytes)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; ---- float64 ----
  ;; Chapter 18's dropout makes its outputs and every gradient behind it float64 (NumPy's mask is
  ;; float64). A float64 operation here is the same single rounding as in JavaScript, two at a time.
  ;; A flag ($d64, $x64) says whether an input holds float64s (1) or float32s (0); float32s are
  ;; widened exactly. The flag picks one of two loops once, not a branch per element.

  ;; out = d · m (m float64): dropout's mask applied, forward or backward.
  (func (export "multiply64") (param $d i32) (param $d64 i32) (param $m i32) (param $out i32) (param $n i32)
    (local $k i32) (local $end i32) (local $pairs i32) (local $blocks i32) (local $di i32) (local $mi i32) (local $oi i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $pairs (i32.and (local.get $end) (i32.const -16)))
    (local.set $blocks (i32.and (local.get $end) (i32.const -64)))
    (if (local.get $d64)
      (then
        (block $blocks_done (loop $each_block
          (br_if $blocks_done (i32.ge_u (local.get $k) (local.get $blocks)))
          (local.set $di (i32.add (local.get $d) (local.get $k)))
          (local.set $mi (i32.add (local.get $m) (local.get $k)))
          (local.set $oi (i32.add (local.get $out) (local.get $k)))
          (v128.store offset=0 (local.get $oi) (f64x2.mul (v128.load offset=0 (local.get $di)) (v128.load offset=0 (local.get $mi))))
          (v128.store offset=16 (local.get $oi) (f64x2.mul (v128.load offset=16 (local.get $di)) (v128.load offset=16 (local.get $mi))))
          (v128.store offset=32 (local.get $oi) (f64x2.mul (v128.load offset=32 (local.get $di)) (v128.load offset=32 (local.get $mi))))
          (v128.store offset=48 (local.get $oi) (f64x2.mul (v128.load offset=48 (local.get $di)) (v128.load offset=48 (local.get $mi))))
          (local.set $k (i32.add (local.get $k) (i32.const 64)))
          (br $each_block)))
        (block $pairs_done (loop $each_pair
          (br_if $pairs_done (i32.ge_u (local.get $k) (local.get $pairs)))
          (v128.store (i32.add (local.get $out) (local.get $k))
            (f64x2.mul (v128.load (i32.add (local.get $d) (local.get $k))) (v128.load (i32.add (local.get $m) (local.get $k)))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br $each_pair)))
        (if (i32.lt_u (local.get $k) (local.get $end))
          (then (f64.store (i32.add (local.get $out) (local.get $k))
            (f64.mul (f64.load (i32.add (local.get $d) (local.get $k))) (f64.load (i32.add (local.get $m) (local.get $k))))))))
      (else
        ;; d is float32: element k is at byte k·4 of d, k·8 of m and out.
        (block $blocks_done (loop $each_block
          (br_if $blocks_done (i32.ge_u (local.get $k) (local.get $blocks)))
          (local.set $di (i32.add (local.get $d) (i32.shr_u (local.get $k) (i32.const 1))))
          (local.set $mi (i32.add (local.get $m) (local.get $k)))
          (local.set $oi (i32.add (local.get $out) (local.get $k)))
          (v128.store offset=0 (local.get $oi)
            (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=0 (local.get $di))) (v128.load offset=0 (local.get $mi))))
          (v128.store offset=16 (local.get $oi)
            (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $di))) (v128.load offset=16 (local.get $mi))))
          (v128.store offset=32 (local.get $oi)
            (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $di))) (v128.load offset=32 (local.get $mi))))
          (v128.store offset=48 (local.get $oi)
            (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $di))) (v128.load offset=48 (local.get $mi))))
          (local.set $k (i32.add (local.get $k) (i32.const 64)))
          (br $each_block)))
        (block $pairs_done (loop $each_pair
          (br_if $pairs_done (i32.ge_u (local.get $k) (local.get $pairs)))
          (v128.store (i32.add (local.get $out) (local.get $k))
            (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $d) (i32.shr_u (local.get $k) (i32.const 1)))))
              (v128.load (i32.add (local.get $m) (local.get $k)))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br $each_pair)))
        (if (i32.lt_u (local.get $k) (local.get $end))
          (then (f64.store (i32.add (local.get $out) (local.get $k))
            (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $d) (i32.shr_u (local.get $k) (i32.const 1)))))
              (f64.load (i32.add (local.get $m) (local.get $k))))))))))

  ;; ReLU's backward pass on float64 gradients: out = 0 where x <= 0, else d. A float32 x is
  ;; compared as float32 and its mask widened, the same answer as widening x (exact, NaN stays NaN).
  (func (export "reluBackward64") (param $d i32) (param $x i32) (param $x64 i32) (param $out i32) (param $n i32)
    (local $k i32) (local $end i32) (local $pairs i32) (local $blocks i32) (local $di i32) (local $xi i32) (local $oi i32)
    (local $mask v128)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (local.set $pairs (i32.and (local.get $end) (i32.const -16)))
    (local.set $blocks (i32.and (local.get $end) (i32.const -64)))
    (if (local.get $x64)
      (then
        (block $blocks_done (loop $each_block
          (br_if $blocks_done (i32.ge_u (local.get $k) (local.get $blocks)))
          (local.set $di (i32.add (local.get $d) (local.get $k)))
          (local.set $xi (i32.add (local.get $x) (local.get $k)))
          (local.set $oi (i32.add (local.get $out) (local.get $k)))
          (v128.store offset=0 (local.get $oi) (v128.andnot (v128.load offset=0 (local.get $di))
            (f64x2.le (v128.load offset=0 (local.get $xi)) (v128.const f64x2 0 0))))
          (v128.store offset=16 (local.get $oi) (v128.andnot (v128.load offset=16 (local.get $di))
            (f64x2.le (v128.load offset=16 (local.get $xi)) (v128.const f64x2 0 0))))
          (v128.store offset=32 (local.get $oi) (v128.andnot (v128.load offset=32 (local.get $di))
            (f64x2.le (v128.load offset=32 (local.get $xi)) (v128.const f64x2 0 0))))
          (v128.store offset=48 (local.get $oi) (v128.andnot (v128.load offset=48 (local.get $di))
            (f64x2.le (v128.load offset=48 (local.get $xi)) (v128.const f64x2 0 0))))
          (local.set $k (i32.add (local.get $k) (i32.const 64)))
          (br $each_block)))
        (block $pairs_done (loop $each_pair
          (br_if $pairs_done (i32.ge_u (local.get $k) (local.get $pairs)))
          (v128.store (i32.add (local.get $out) (local.get $k))
            (v128.andnot (v128.load (i32.add (local.get $d) (local.get $k)))
              (f64x2.le (v128.load (i32.add (local.get $x) (local.get $k))) (v128.const f64x2 0 0))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br $each_pair)))
        (if (i32.lt_u (local.get $k) (local.get $end))
          (then (f64.store (i32.add (local.get $out) (local.get $k))
            (select (f64.const 0) (f64.load (i32.add (local.get $d) (local.get $k)))
              (f64.le (f64.load (i32.add (local.get $x) (local.get $k))) (f64.const 0)))))))
      (else
        ;; x is float32: element k is at byte k·4 of x, k·8 of d and out. Four x per compare.
        (block $blocks_done (loop $each_block
          (br_if $blocks_done (i32.ge_u (local.get $k) (local.get $blocks)))
          (local.set $di (i32.add (local.get $d) (local.get $k)))
          (local.set $xi (i32.add (local.get $x) (i32.shr_u (local.get $k) (i32.const 1))))
          (local.set $oi (i32.add (local.get $out) (local.get $k)))
          (local.set $mask (f32x4.le (v128.load offset=0 (local.get $xi)) (v128.const f32x4 0 0 0 0)))
          (v128.store offset=0 (local.get $oi)
            (v128.andnot (v128.load offset=0 (local.get $di)) (i64x2.extend_low_i32x4_s (local.get $mask))))
          (v128.store offset=16 (local.get $oi)
            (v128.andnot (v128.load offset=16 (local.get $di)) (i64x2.extend_high_i32x4_s (local.get $mask))))
          (local.set $mask (f32x4.le (v128.load offset=16 (local.get $xi)) (v128.const f32x4 0 0 0 0)))
          (v128.store offset=32 (local.get $oi)
            (v128.andnot (v128.load offset=32 (local.get $di)) (i64x2.extend_low_i32x4_s (local.get $mask))))
          (v128.store offset=48 (local.get $oi)
            (v128.andnot (v128.load offset=48 (local.get $di)) (i64x2.extend_high_i32x4_s (local.get $mask))))
          (local.set $k (i32.add (local.get $k) (i32.const 64)))
          (br $each_block)))
        (block $pairs_done (loop $each_pair
          (br_if $pairs_done (i32.ge_u (local.get $k) (local.get $pairs)))
          (v128.store (i32.add (local.get $out) (local.get $k))
            (v128.andnot (v128.load (i32.add (local.get $d) (local.get $k)))
              (i64x2.extend_low_i32x4_s (f32x4.le
                (v128.load64_zero (i32.add (local.get $x) (i32.shr_u (local.get $k) (i32.const 1))))
                (v128.const f32x4 0 0 0 0)))))
          (local.set $k (i32.add (local.get $k) (i32.const 16)))
          (br $each_pair)))
        (if (i32.lt_u (local.get $k) (local.get $end))
          (then (f64.store (i32.add (local.get $out) (local.get $k))
            (select (f64.const 0) (f64.load (i32.add (local.get $d) (local.get $k)))
              (f32.le (f32.load (i32.add (local.get $x) (i32.shr_u (local.get $k) (i32.const 1)))) (f32.const 0)))))))))

  ;; out[j] = x[0][j] + x[1][j] + … in float64, the rows added one after another from −0
  ;; (np.sum(x, axis=0): dbiases behind dropout). Four rows per pass over out, as in sumColumns.
  (func (export "sumColumns64") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $i i32) (local $k i32) (local $row i32) (local $pairs i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $pairs (i32.and (local.get $row) (i32.const -16)))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $k) (local.get $row)))
      (f64.store (i32.add (local.get $out) (local.get $k)) (f64.const -0))
      (local.set $k (i32.add (local.get $k) (i32.const 8)))
      (br $zero)))
    (local.set $x1 (i32.add (local.get $x) (local.get $row)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $row)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $row)))
    (block $fours_done (loop $each_four
      (br_if $fours_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $pairs_done (loop $each_pair
        (br_if $pairs_done (i32.ge_u (local.get $k) (local.get $pairs)))
        (v128.store (i32.add (local.get $out) (local.get $k))
          (f64x2.add (f64x2.add (f64x2.add (f64x2.add
            (v128.load (i32.add (local.get $out) (local.get $k)))
            (v128.load (i32.add (local.get $x) (local.get $k))))
            (v128.load (i32.add (local.get $x1) (local.get $k))))
            (v128.load (i32.add (local.get $x2) (local.get $k))))
            (v128.load (i32.add (local.get $x3) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $each_pair)))
      (if (i32.lt_u (local.get $k) (local.get $row))
        (then (f64.store (i32.add (local.get $out) (local.get $k))
          (f64.add (f64.add (f64.add (f64.add
            (f64.load (i32.add (local.get $out) (local.get $k)))
            (f64.load (i32.add (local.get $x) (local.get $k))))
            (f64.load (i32.add (local.get $x1) (local.get $k))))
            (f64.load (i32.add (local.get $x2) (local.get $k))))
            (f64.load (i32.add (local.get $x3) (local.get $k)))))))
      (local.set $x (i32.add (local.get $x3) (local.get $row)))
      (local.set $x1 (i32.add (local.get $x) (local.get $row)))
      (local.set $x2 (i32.add (local.get $x1) (local.get $row)))
      (local.set $x3 (i32.add (local.get $x2) (local.get $row)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $each_four)))
    ;; The last rows mod 4, one at a time.
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $pairs_done (loop $each_pair
        (br_if $pairs_done (i32.ge_u (local.get $k) (local.get $pairs)))
        (v128.store (i32.add (local.get $out) (local.get $k))
          (f64x2.add (v128.load (i32.add (local.get $out) (local.get $k))) (v128.load (i32.add (local.get $x) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $each_pair)))
      (if (i32.lt_u (local.get $k) (local.get $row))
        (then (f64.store (i32.add (local.get $out) (local.get $k))
          (f64.add (f64.load (i32.add (local.get $out) (local.get $k))) (f64.load (i32.add (local.get $x) (local.get $k)))))))
      (local.set $x (i32.add (local.get $x) (local.get $row)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; e^x in float64, V8's Math.exp to the bit: V8's fdlibm (FreeBSD msun e_exp.c) port, operation
  ;; for operation (WebAssembly's f64 operations round exactly as C's doubles do). Reduction
  ;; x = k·ln2 + r, |r| <= ln2/2, ln2 split in a high part (k·ln2HI exact) and a low one; then
  ;; e^r = 1 + r + r·c/(2 − c) with c = r − r²(P1 + r²(P2 + …)), and 2^k put in by a multiply.
  (func $exp (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64) (local $t f64)
    (local $c f64) (local $y f64) (local $twopk f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))
    ;; |x| >= 709.78: NaN, ±Infinity, overflow, underflow
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42)) (then
      (if (i32.ge_u (local.get $hx) (i32.const 0x7FF00000)) (then
        (if (f64.ne (local.get $x) (local.get $x)) (then (return (f64.add (local.get $x) (local.get $x)))))
        (return (select (local.get $x) (f64.const 0) (i32.eqz (local.get $xsb))))))
      (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))
      (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02)) (then (return (f64.const 0))))))
    (if (i32.gt_u (local.get $hx) (i32.const 0x3FD62E42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
            (if (local.get $xsb)
              (then
                (local.set $hi (f64.add (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))
                (local.set $k (i32.const -1)))
              (else
                (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const 1.90821492927058770002e-10))
                (local.set $k (i32.const 1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (select (f64.const -0.5) (f64.const 0.5) (local.get $xsb)))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        ;; |x| < 2^-28: 1 + x
        (if (i32.lt_u (local.get $hx) (i32.const 0x3E300000)) (then (return (f64.add (f64.const 1) (local.get $x)))))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $c (f64.sub (local.get $x) (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
      (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
      (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
      (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k)) (then
      (return (f64.sub (f64.const 1) (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2))) (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1) (f64.sub (f64.sub (local.get $lo)
      (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c)))) (local.get $hi))))
    (if (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (i32.eq (local.get $k) (i32.const 1024)) (then
          (return (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 0x1p1023)))))
        (return (f64.mul (local.get $y) (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u
          (i32.add (i32.const 0x3FF00000) (i32.shl (local.get $k) (i32.const 20)))) (i64.const 32)))))))
    (f64.mul (f64.mul (local.get $y) (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u
      (i32.add (i32.const 0x3FF00000) (i32.shl (i32.add (local.get $k) (i32.const 1000)) (i32.const 20)))) (i64.const 32))))
      (f64.const 9.33263618503218878990e-302)))
  (export "exp" (func $exp))

  ;; Softmax of each row of z (rows × cols, float32) into p, as Softmax.forward computes it in
  ;; JavaScript: the row's maximum, p = float32(exp(float64(float32(z − max)))) with $exp above
  ;; (Math.exp's bits), then each p divided by the row's pairwise sum ($pairwise32). A row whose
  ;; maximum is not finite (NaN, ±Infinity, or every value −Infinity) is left alone and counted: the
  ;; caller redoes those rows in JavaScript, whose NaNs it keeps bit for bit. Returns that count.
  (func (export "softmax32") (param $z i32) (param $p i32) (param $rows i32) (param $cols i32) (result i32)
    (local $i i32) (local $k i32) (local $row i32) (local $max f32) (local $x f32) (local $sum f32) (local $skipped i32)
    (local.set $row (i32.shl (local.get $cols) (i32.const 2)))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $max (f32.const -inf))
      (local.set $k (i32.const 0))
      (block $max_done (loop $each_max
        (br_if $max_done (i32.ge_u (local.get $k) (local.get $row)))
        (local.set $x (f32.load (i32.add (local.get $z) (local.get $k))))
        (if (i32.or (f32.gt (local.get $x) (local.get $max)) (f32.ne (local.get $x) (local.get $x)))
          (then (local.set $max (local.get $x))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $each_max)))
      (if (f32.lt (f32.abs (local.get $max)) (f32.const inf))
        (then
          (local.set $k (i32.const 0))
          (block $exp_done (loop $each_exp
            (br_if $exp_done (i32.ge_u (local.get $k) (local.get $row)))
            (f32.store (i32.add (local.get $p) (local.get $k))
              (f32.demote_f64 (call $exp (f64.promote_f32
                (f32.sub (f32.load (i32.add (local.get $z) (local.get $k))) (local.get $max))))))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $each_exp)))
          (local.set $sum (call $pairwise32 (local.get $p) (local.get $cols)))
          (local.set $k (i32.const 0))
          (block $div_done (loop $each_div
            (br_if $div_done (i32.ge_u (local.get $k) (local.get $row)))
            (f32.store (i32.add (local.get $p) (local.get $k))
              (f32.div (f32.load (i32.add (local.get $p) (local.get $k))) (local.get $sum)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $each_div))))
        (else (local.set $skipped (i32.add (local.get $skipped) (i32.const 1)))))
      (local.set $z (i32.add (local.get $z) (local.get $row)))
      (local.set $p (i32.add (local.get $p) (local.get $row)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row)))
    (local.get $skipped))

  ;; NumPy's pairwise sum of n float32 values at $at (matrix.ts's pairwiseSum): n < 8 in order
  ;; from −0; n <= 128 in eight running sums r0..r7 (one f32x4 each for r0..r3 and r4..r7: lane by
  ;; lane the same roundings), combined ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the tail in
  ;; order; larger n split at n/2 rounded down to a multiple of 8.
  (func $pairwise32 (param $at i32) (param $n i32) (result f32)
    (local $s f32) (local $k i32) (local $end i32) (local $blocks i32) (local $a v128) (local $b v128) (local $n2 i32)
    (local.set $end (i32.add (local.get $at) (i32.shl (local.get $n) (i32.const 2))))
    (if (i32.lt_u (local.get $n) (i32.const 8)) (then
      (local.set $s (f32.const -0))
      (local.set $k (local.get $at))
      (block $done (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.load (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $each)))
      (return (local.get $s))))
    (if (i32.le_u (local.get $n) (i32.const 128)) (then
      (local.set $a (v128.load (local.get $at)))
      (local.set $b (v128.load offset=16 (local.get $at)))
      (local.set $blocks (i32.add (local.get $at) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 2))))
      (local.set $k (i32.add (local.get $at) (i32.const 32)))
      (block $done (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $blocks)))
        (local.set $a (f32x4.add (local.get $a) (v128.load (local.get $k))))
        (local.set $b (f32x4.add (local.get $b) (v128.load offset=16 (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 32)))
        (br $each)))
      (local.set $s (f32.add
        (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a)) (f32x4.extract_lane 1 (local.get $a)))
                 (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a))))
        (f32.add (f32.add (f32x4.extract_lane 0 (local.get $b)) (f32x4.extract_lane 1 (local.get $b)))
                 (f32.add (f32x4.extract_lane 2 (local.get $b)) (f32x4.extract_lane 3 (local.get $b))))))
      (block $tail_done (loop $each_tail
        (br_if $tail_done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.load (local.get $k))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $each_tail)))
      (return (local.get $s))))
    (local.set $n2 (i32.shr_u (local.get $n) (i32.const 1)))
    (local.set $n2 (i32.sub (local.get $n2) (i32.and (local.get $n2) (i32.const 7))))
    (f32.add (call $pairwise32 (local.get $at) (local.get $n2))
             (call $pairwise32 (i32.add (local.get $at) (i32.shl (local.get $n2) (i32.const 2))) (i32.sub (local.get $n) (local.get $n2)))))
)
