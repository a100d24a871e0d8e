;; Element-wise float32 kernels, four elements at a time (f32x4): Adam's update and ReLU.
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
)
