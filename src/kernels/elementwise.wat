;; Element-wise kernels: Adam's update, ReLU, column sums and adding a row (the biases) on float32
;; arrays, four elements at a time (f32x4); dropout, ReLU's backward pass and column sums on the
;; float64 arrays behind dropout, two at a time (f64x2).
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
;; constant offsets (four for the element-wise loops, two for Adam, four rows per pass for the
;; column sums: each measured faster than one, and eight rows slower than four).
(module
  (memory (export "memory") 1)

  ;; m = β₁m + (1−β₁)g;  m̂ = m / (1−β₁ᵗ);  c = β₂c + (1−β₂)g²;  ĉ = c / (1−β₂ᵗ);
  ;; value = value + (−lr · m̂) / (√ĉ + ε). The scalars arrive already rounded to float32.
  (func (export "adam32") (param $value i32) (param $grad i32) (param $m i32) (param $c i32) (param $n i32)
        (param $beta1 f32) (param $keep1 f32) (param $correction1 f32)
        (param $beta2 f32) (param $keep2 f32) (param $correction2 f32)
        (param $lr f32) (param $epsilon f32)
    (local $at i32) (local $end i32) (local $vectors i32) (local $g v128) (local $mk v128) (local $ck v128)
    (local $b1 v128) (local $k1 v128) (local $c1 v128) (local $b2 v128) (local $k2 v128) (local $c2 v128)
    (local $rate v128) (local $eps v128) (local $g1 v128) (local $mk1 v128) (local $ck1 v128)
    (local $twos i32) (local $gi i32) (local $mi i32) (local $ci i32) (local $vi i32) (local $gs f32) (local $ms f32) (local $cs f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $k1 (f32x4.splat (local.get $keep1)))
    (local.set $c1 (f32x4.splat (local.get $correction1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $k2 (f32x4.splat (local.get $keep2)))
    (local.set $c2 (f32x4.splat (local.get $correction2)))
    (local.set $rate (f32x4.splat (local.get $lr)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectors (i32.and (local.get $end) (i32.const -16)))
    ;; Two vectors per turn (a third faster here than one: the divisions of both overlap), then
    ;; one, then single floats.
    (local.set $twos (i32.and (local.get $end) (i32.const -32)))
    (block $twos_done (loop $each_two
      (br_if $twos_done (i32.ge_u (local.get $at) (local.get $twos)))
      (local.set $gi (i32.add (local.get $grad) (local.get $at)))
      (local.set $mi (i32.add (local.get $m) (local.get $at)))
      (local.set $ci (i32.add (local.get $c) (local.get $at)))
      (local.set $vi (i32.add (local.get $value) (local.get $at)))
      (local.set $g (v128.load offset=0 (local.get $gi)))
      (local.set $mk (f32x4.add
        (f32x4.mul (local.get $b1) (v128.load offset=0 (local.get $mi)))
        (f32x4.mul (local.get $k1) (local.get $g))))
      (v128.store offset=0 (local.get $mi) (local.get $mk))
      (local.set $ck (f32x4.add
        (f32x4.mul (local.get $b2) (v128.load offset=0 (local.get $ci)))
        (f32x4.mul (local.get $k2) (f32x4.mul (local.get $g) (local.get $g)))))
      (v128.store offset=0 (local.get $ci) (local.get $ck))
      (local.set $g1 (v128.load offset=16 (local.get $gi)))
      (local.set $mk1 (f32x4.add
        (f32x4.mul (local.get $b1) (v128.load offset=16 (local.get $mi)))
        (f32x4.mul (local.get $k1) (local.get $g1))))
      (v128.store offset=16 (local.get $mi) (local.get $mk1))
      (local.set $ck1 (f32x4.add
        (f32x4.mul (local.get $b2) (v128.load offset=16 (local.get $ci)))
        (f32x4.mul (local.get $k2) (f32x4.mul (local.get $g1) (local.get $g1)))))
      (v128.store offset=16 (local.get $ci) (local.get $ck1))
      (v128.store offset=0 (local.get $vi)
        (f32x4.add (v128.load offset=0 (local.get $vi))
          (f32x4.div
            (f32x4.mul (local.get $rate) (f32x4.div (local.get $mk) (local.get $c1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $ck) (local.get $c2))) (local.get $eps)))))
      (v128.store offset=16 (local.get $vi)
        (f32x4.add (v128.load offset=16 (local.get $vi))
          (f32x4.div
            (f32x4.mul (local.get $rate) (f32x4.div (local.get $mk1) (local.get $c1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $ck1) (local.get $c2))) (local.get $eps)))))
      (local.set $at (i32.add (local.get $at) (i32.const 32)))
      (br $each_two)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $vectors)))
      (local.set $g (v128.load (i32.add (local.get $grad) (local.get $at))))
      ;; m = β₁m + (1−β₁)g
      (local.set $mk (f32x4.add
        (f32x4.mul (local.get $b1) (v128.load (i32.add (local.get $m) (local.get $at))))
        (f32x4.mul (local.get $k1) (local.get $g))))
      (v128.store (i32.add (local.get $m) (local.get $at)) (local.get $mk))
      ;; c = β₂c + (1−β₂)g²
      (local.set $ck (f32x4.add
        (f32x4.mul (local.get $b2) (v128.load (i32.add (local.get $c) (local.get $at))))
        (f32x4.mul (local.get $k2) (f32x4.mul (local.get $g) (local.get $g)))))
      (v128.store (i32.add (local.get $c) (local.get $at)) (local.get $ck))
      ;; value += (−lr · m̂) / (√ĉ + ε)
      (v128.store (i32.add (local.get $value) (local.get $at))
        (f32x4.add (v128.load (i32.add (local.get $value) (local.get $at)))
          (f32x4.div
            (f32x4.mul (local.get $rate) (f32x4.div (local.get $mk) (local.get $c1)))
            (f32x4.add (f32x4.sqrt (f32x4.div (local.get $ck) (local.get $c2))) (local.get $eps)))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $each)))
    ;; The last n mod 4 elements: the same operations on single floats.
    (block $finished (loop $each_rest
      (br_if $finished (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $gs (f32.load (i32.add (local.get $grad) (local.get $at))))
      (local.set $ms (f32.add
        (f32.mul (local.get $beta1) (f32.load (i32.add (local.get $m) (local.get $at))))
        (f32.mul (local.get $keep1) (local.get $gs))))
      (f32.store (i32.add (local.get $m) (local.get $at)) (local.get $ms))
      (local.set $cs (f32.add
        (f32.mul (local.get $beta2) (f32.load (i32.add (local.get $c) (local.get $at))))
        (f32.mul (local.get $keep2) (f32.mul (local.get $gs) (local.get $gs)))))
      (f32.store (i32.add (local.get $c) (local.get $at)) (local.get $cs))
      (f32.store (i32.add (local.get $value) (local.get $at))
        (f32.add (f32.load (i32.add (local.get $value) (local.get $at)))
          (f32.div
            (f32.mul (local.get $lr) (f32.div (local.get $ms) (local.get $correction1)))
            (f32.add (f32.sqrt (f32.div (local.get $cs) (local.get $correction2))) (local.get $epsilon)))))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (br $each_rest))))

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
    (local.set $x3 (i32.add (local.get $x2) (local.get $row)))
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
            (v128.load (i32.add (local.get $x3) (local.get $at)))))
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
            (f32.load (i32.add (local.get $x3) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $each_rest)))
      (local.set $x (i32.add (local.get $x3) (local.get $row)))
      (local.set $x1 (i32.add (local.get $x) (local.get $row)))
      (local.set $x2 (i32.add (local.get $x1) (local.get $row)))
      (local.set $x3 (i32.add (local.get $x2) (local.get $row)))
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
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $at (i32.const 0))
      (block $blocks_done (loop $each_block
        (br_if $blocks_done (i32.ge_u (local.get $at) (local.get $blocks)))
        (local.set $xi (i32.add (local.get $x) (local.get $at)))
        (local.set $ri (i32.add (local.get $row) (local.get $at)))
        (v128.store offset=0 (local.get $xi) (f32x4.add (v128.load offset=0 (local.get $xi)) (v128.load offset=0 (local.get $ri))))
        (v128.store offset=16 (local.get $xi) (f32x4.add (v128.load offset=16 (local.get $xi)) (v128.load offset=16 (local.get $ri))))
        (v128.store offset=32 (local.get $xi) (f32x4.add (v128.load offset=32 (local.get $xi)) (v128.load offset=32 (local.get $ri))))
        (v128.store offset=48 (local.get $xi) (f32x4.add (v128.load offset=48 (local.get $xi)) (v128.load offset=48 (local.get $ri))))
        (local.set $at (i32.add (local.get $at) (i32.const 64)))
        (br $each_block)))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.ge_u (local.get $at) (local.get $quads)))
        (v128.store (i32.add (local.get $x) (local.get $at))
          (f32x4.add (v128.load (i32.add (local.get $x) (local.get $at)))
            (v128.load (i32.add (local.get $row) (local.get $at)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $each_quad)))
      (block $row_done (loop $each_rest
        (br_if $row_done (i32.ge_u (local.get $at) (local.get $bytes)))
        (f32.store (i32.add (local.get $x) (local.get $at))
          (f32.add (f32.load (i32.add (local.get $x) (local.get $at)))
            (f32.load (i32.add (local.get $row) (local.get $at)))))
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
)
