;; Matrix products with a narrow side (m, k or n at most 4), two float64 sums at a time (f64x2).
;;
;; The general kernel (matmul.wat) packs its operands into 16-column panels, which is wasted work
;; when a side is 2 or 3 wide: chapter 18's 2 → 512 → 3 network on 3,000 samples. Here each
;; output is still the float64 sum over p = 0..k−1 in order, starting from +0, so the bits are the
;; plain loop's. The caller lays the operands out as float64 (small ones in the order these loops
;; read them) and rounds the sums it gets back.
(module
  (memory (export "memory") 1)

  ;; out (m × n) = A (m × k) · B (k × n) for small k: the output is the large side. A, B float64
  ;; row-major, B's rows padded to an even length w; out row-major (n wide), float32 when $out32
  ;; is 1 (rounded here) else float64. Each row's sums are built in $sums (w float64s): row i of A
  ;; times B, added term by term as in fewRows, then rounded into out.
  (func (export "fewTerms") (param $a i32) (param $b i32) (param $out i32) (param $sums i32)
        (param $m i32) (param $k i32) (param $n i32) (param $w i32) (param $out32 i32)
    (local $i i32) (local $j i32) (local $pairs i32) (local $sp i32) (local $op i32)
    (local.set $pairs (i32.and (local.get $n) (i32.const -2)))
    (block $rows_done (loop $each_row
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (call $fewRows (local.get $a) (local.get $b) (local.get $sums) (i32.const 1) (local.get $k) (local.get $w))
      (local.set $j (i32.const 0))
      (local.set $sp (local.get $sums))
      (local.set $op (local.get $out))
      (if (local.get $out32)
        (then
          (block $pairs_done (loop $each_pair
            (br_if $pairs_done (i32.ge_u (local.get $j) (local.get $pairs)))
            (v128.store64_lane 0 (local.get $op) (f32x4.demote_f64x2_zero (v128.load (local.get $sp))))
            (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
            (local.set $op (i32.add (local.get $op) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $each_pair)))
          (if (i32.lt_u (local.get $j) (local.get $n))
            (then (f32.store (local.get $op) (f32.demote_f64 (f64.load (local.get $sp))))))
          (local.set $out (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))))
        (else
          (memory.copy (local.get $out) (local.get $sums) (i32.shl (local.get $n) (i32.const 3)))
          (local.set $out (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))))
      (local.set $a (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; sums (m × 4) = A (m × k) · B (k × 4) for n ≤ 4 outputs per row: B float64, its rows padded
  ;; with zeros to 4 columns; A float64, stored k × m when $transposed is 1 (then it is read in
  ;; order too, adding row p of A into every row's sums before row p + 1).
  (func (export "fewColumns") (param $a i32) (param $b i32) (param $sums i32)
        (param $m i32) (param $k i32) (param $transposed i32)
    (local $i i32) (local $p i32) (local $bp i32) (local $sp i32)
    (local $x v128) (local $b01 v128) (local $b23 v128) (local $s01 v128) (local $s23 v128)
    (if (i32.eqz (local.get $transposed)) (then
      (block $rows_done (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s01 (v128.const f64x2 0 0))
        (local.set $s23 (v128.const f64x2 0 0))
        (local.set $bp (local.get $b))
        (local.set $p (i32.const 0))
        (block $terms_done (loop $each_term
          (br_if $terms_done (i32.ge_u (local.get $p) (local.get $k)))
          (local.set $x (f64x2.splat (f64.load (local.get $a))))
          (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x) (v128.load (local.get $bp)))))
          (local.set $s23 (f64x2.add (local.get $s23) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $bp)))))
          (local.set $a (i32.add (local.get $a) (i32.const 8)))
          (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $each_term)))
        (v128.store (local.get $sums) (local.get $s01))
        (v128.store offset=16 (local.get $sums) (local.get $s23))
        (local.set $sums (i32.add (local.get $sums) (i32.const 32)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row)))
      (return)))
    (memory.fill (local.get $sums) (i32.const 0) (i32.shl (local.get $m) (i32.const 5)))
    (block $terms_done (loop $each_term
      (br_if $terms_done (i32.ge_u (local.get $p) (local.get $k)))
      (local.set $b01 (v128.load (local.get $b)))
      (local.set $b23 (v128.load offset=16 (local.get $b)))
      (local.set $sp (local.get $sums))
      (local.set $i (i32.const 0))
      (block $rows_done (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $x (f64x2.splat (f64.load (local.get $a))))
        (v128.store (local.get $sp) (f64x2.add (v128.load (local.get $sp)) (f64x2.mul (local.get $x) (local.get $b01))))
        (v128.store offset=16 (local.get $sp)
          (f64x2.add (v128.load offset=16 (local.get $sp)) (f64x2.mul (local.get $x) (local.get $b23))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $sp (i32.add (local.get $sp) (i32.const 32)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row)))
      (local.set $b (i32.add (local.get $b) (i32.const 32)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $each_term))))

  ;; sums (m × n) = A (m × k) · B (k × n) for m ≤ 4 rows of output: A float64 row-major (small),
  ;; B float64 row-major (the large side, read once in order). n must be even (the caller pads).
  (func $fewRows (export "fewRows") (param $a i32) (param $b i32) (param $sums i32)
        (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $p i32) (local $j i32) (local $sp i32) (local $bp i32) (local $x v128) (local $row i32)
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (memory.fill (local.get $sums) (i32.const 0) (i32.mul (local.get $m) (local.get $row)))
    (block $terms_done (loop $each_term
      (br_if $terms_done (i32.ge_u (local.get $p) (local.get $k)))
      (local.set $i (i32.const 0))
      (block $rows_done (loop $each_row
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $x (f64x2.splat (f64.load
          (i32.add (local.get $a) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $k)) (local.get $p)) (i32.const 3))))))
        (local.set $sp (i32.add (local.get $sums) (i32.mul (local.get $i) (local.get $row))))
        (local.set $bp (local.get $b))
        (local.set $j (i32.const 0))
        (block $pairs_done (loop $each_pair
          (br_if $pairs_done (i32.ge_u (local.get $j) (local.get $n)))
          (v128.store (local.get $sp) (f64x2.add (v128.load (local.get $sp)) (f64x2.mul (local.get $x) (v128.load (local.get $bp)))))
          (local.set $sp (i32.add (local.get $sp) (i32.const 16)))
          (local.set $bp (i32.add (local.get $bp) (i32.const 16)))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $each_pair)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row)))
      (local.set $b (i32.add (local.get $b) (local.get $row)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $each_term))))
)
