;; Element-wise float32 kernels, four elements at a time (f32x4): Adam's update, ReLU, column sums
;; and adding a row (the biases).
;;
;; Under the book's nnfs.init() every array is float32 and NumPy rounds after every operation. An
;; f32x4 multiply, add, divide, square root or max is exactly that operation rounded to float32, so
;; these loops give the same bits as the scalar loops with Math.fround at every step. They also have
;; no branches: in JavaScript, `x > 0 ? x : 0` on data that is half negative mispredicts every other
;; element, which on this machine costs more than everything else in the loop.
;; The caller copies the arrays in (each padded to a multiple of 4) and the results back out.
(module
  (memory (export "memory") 1)

  ;; m = β₁m + (1−β₁)g;  m̂ = m / (1−β₁ᵗ);  c = β₂c + (1−β₂)g²;  ĉ = c / (1−β₂ᵗ);
  ;; value = value + (−lr · m̂) / (√ĉ + ε). The scalars arrive already rounded to float32.
  (func (export "adam32") (param $value i32) (param $grad i32) (param $m i32) (param $c i32) (param $n i32)
        (param $beta1 f32) (param $keep1 f32) (param $correction1 f32)
        (param $beta2 f32) (param $keep2 f32) (param $correction2 f32)
        (param $lr f32) (param $epsilon f32)
    (local $at i32) (local $end i32) (local $g v128) (local $mk v128) (local $ck v128)
    (local $b1 v128) (local $k1 v128) (local $c1 v128) (local $b2 v128) (local $k2 v128) (local $c2 v128)
    (local $rate v128) (local $eps v128)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $k1 (f32x4.splat (local.get $keep1)))
    (local.set $c1 (f32x4.splat (local.get $correction1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $k2 (f32x4.splat (local.get $keep2)))
    (local.set $c2 (f32x4.splat (local.get $correction2)))
    (local.set $rate (f32x4.splat (local.get $lr)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
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
      (br $each))))
  ;; ReLU: out = max(0, x) (NaN stays NaN, as in np.maximum).
  (func (export "reluForward") (param $x i32) (param $out i32) (param $n i32)
    (local $at i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (v128.store (i32.add (local.get $out) (local.get $at))
        (f32x4.max (v128.const f32x4 0 0 0 0) (v128.load (i32.add (local.get $x) (local.get $at)))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $each))))

  ;; ReLU's backward pass: out = 0 where x <= 0, else d (a NaN input lets its gradient through, as
  ;; the book's `dinputs[inputs <= 0] = 0` does).
  (func (export "reluBackward") (param $d i32) (param $x i32) (param $out i32) (param $n i32)
    (local $at i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (v128.store (i32.add (local.get $out) (local.get $at))
        (v128.andnot (v128.load (i32.add (local.get $d) (local.get $at)))
          (f32x4.le (v128.load (i32.add (local.get $x) (local.get $at))) (v128.const f32x4 0 0 0 0))))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br $each))))

  ;; out[j] = x[0][j] + x[1][j] + … , the rows added one after another from −0, in float32
  ;; (np.sum(x, axis=0) of a float32 matrix with several columns: every layer's dbiases).
  (func (export "sumColumns") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $i i32) (local $j i32) (local $quads i32)
    (local.set $quads (i32.and (local.get $cols) (i32.const -4)))
    (local.set $j (i32.const 0))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $j) (local.get $cols)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))) (f32.const -0))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $zero)))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.ge_u (local.get $j) (local.get $quads)))
        (v128.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (f32x4.add (v128.load (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
            (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $each_quad)))
      (block $row_done (loop $each_rest
        (br_if $row_done (i32.ge_u (local.get $j) (local.get $cols)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
          (f32.add (f32.load (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
            (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each_rest)))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; x[i][j] = x[i][j] + row[j] for every row i, in float32, in place (a layer's biases added).
  (func (export "addRow") (param $x i32) (param $rows i32) (param $cols i32) (param $row i32)
    (local $i i32) (local $j i32) (local $quads i32)
    (local.set $quads (i32.and (local.get $cols) (i32.const -4)))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $j (i32.const 0))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.ge_u (local.get $j) (local.get $quads)))
        (v128.store (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))
          (f32x4.add (v128.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
            (v128.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $each_quad)))
      (block $row_done (loop $each_rest
        (br_if $row_done (i32.ge_u (local.get $j) (local.get $cols)))
        (f32.store (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2)))
          (f32.add (f32.load (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))))
            (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each_rest)))
      (local.set $x (i32.add (local.get $x) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; ---- float64 ----
  ;; Chapter 18's dropout makes its outputs and every gradient behind it float64 (NumPy's mask is
  ;; float64). A float64 operation here is the same single rounding as in JavaScript, two at a time.
  ;; $x64 says whether x holds float64s (1) or float32s (0), which are widened exactly.

  ;; Two values of x from element offset $k (a byte offset into a float64 array).
  (func $pair (param $x i32) (param $x64 i32) (param $k i32) (result v128)
    (if (result v128) (local.get $x64)
      (then (v128.load (i32.add (local.get $x) (local.get $k))))
      (else (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $x) (i32.shr_u (local.get $k) (i32.const 1))))))))

  ;; out = d · m (m float64): dropout's mask applied, forward or backward. n is even.
  (func (export "multiply64") (param $d i32) (param $d64 i32) (param $m i32) (param $out i32) (param $n i32)
    (local $k i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
      (v128.store (i32.add (local.get $out) (local.get $k))
        (f64x2.mul (call $pair (local.get $d) (local.get $d64) (local.get $k)) (v128.load (i32.add (local.get $m) (local.get $k)))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $each))))

  ;; ReLU's backward pass on float64 gradients: out = 0 where x <= 0, else d (x widened to
  ;; float64 first, which keeps its sign and NaN-ness). n is even.
  (func (export "reluBackward64") (param $d i32) (param $x i32) (param $x64 i32) (param $out i32) (param $n i32)
    (local $k i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
      (v128.store (i32.add (local.get $out) (local.get $k))
        (v128.andnot (v128.load (i32.add (local.get $d) (local.get $k)))
          (f64x2.le (call $pair (local.get $x) (local.get $x64) (local.get $k)) (v128.const f64x2 0 0))))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $each))))

  ;; out[j] = x[0][j] + x[1][j] + … in float64, the rows added one after another from −0
  ;; (np.sum(x, axis=0): dbiases behind dropout). cols is even (the caller pads each row).
  (func (export "sumColumns64") (param $x i32) (param $rows i32) (param $cols i32) (param $out i32)
    (local $i i32) (local $k i32) (local $row i32)
    (local.set $row (i32.shl (local.get $cols) (i32.const 3)))
    (block $zeroed (loop $zero
      (br_if $zeroed (i32.ge_u (local.get $k) (local.get $row)))
      (v128.store (i32.add (local.get $out) (local.get $k)) (v128.const f64x2 -0 -0))
      (local.set $k (i32.add (local.get $k) (i32.const 16)))
      (br $zero)))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $k (i32.const 0))
      (block $row_done (loop $each_pair
        (br_if $row_done (i32.ge_u (local.get $k) (local.get $row)))
        (v128.store (i32.add (local.get $out) (local.get $k))
          (f64x2.add (v128.load (i32.add (local.get $out) (local.get $k))) (v128.load (i32.add (local.get $x) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $each_pair)))
      (local.set $x (i32.add (local.get $x) (local.get $row)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))
)
