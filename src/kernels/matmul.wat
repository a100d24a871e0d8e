;; The matrix product in WebAssembly SIMD, written by hand.
;;
;; C = op(A) · op(B), where op(A) is m × k and op(B) is k × n. Every element of C is a sum over
;; p = 0..k-1, in that order, of float64 products, rounded once when stored: exactly what the plain
;; loop in kernels.ts computes (the book's `np.dot` under nnfs.init()). The speed comes from doing
;; two columns at once (f64x2), sixteen columns per row in registers, and from skipping the terms
;; whose factor from A is zero (after ReLU about half of them are): adding 0·b to a sum changes
;; nothing, as long as b is finite, so the caller only skips when op(B) holds no ∞ or NaN.
;;
;; The caller (wasm-matmul.ts) copies the operands into this memory and calls, in turn:
;;   packB   op(B) → panels of 16 columns (8 for a narrow last one) × k rows of f64, zero-padded;
;;   packA   rows of op(A) → lists of (byte offset of row p in a panel, value as f64) (packA32Rows,
;;           packA32Skip: f32 rows in order, four at a time; transpose32 copies a transpose out first);
;;   gemm16 / gemm8   one panel × a block of rows → float64 sums in C (gemmDense2x8 for rows
;;                    without skipped zeros: two rows at a time, 8 columns of the panel at a time);
;;   unpack  C → the output, rounded once to f32 (or kept as f64), possibly transposed.
;; A large product summed in NumPy's blocks of terms runs packA and the gemm kernels once per block
;; (on the block's rows of the panels, sums from zero) and adds the blocks' sums in order (addSums).
;; A single row (inference on one sample) skips the panels: gemv32Rows widens B as it reads it.
;; runUnit does one block × one panel and its rounding, for products split between threads, or one
;; packing unit (packUnit: a panel of B, or a block of A's rows) before those.
;; Addresses are byte offsets; strides say where element (i, p) or (p, j) sits, so a transposed
;; operand is read in place, without a copy.
;; Some loops address their data from a pointer 128 bytes low, with offsets of 128+: x64 encodes
;; such an offset in 4 bytes instead of 0 or 1, and the longer loop keeps its jumps off 32-byte
;; boundaries, where Intel's microcode (the JCC erratum) makes a loop run from the legacy decoders:
;; up to 30% slower (bench/NOTES.md, entry 42; scripts/jump-alignment.ts lists such jumps). The
;; callers' addresses are never below 256.
(module
  (memory (export "memory") 1)

  ;; One panel of op(B): k rows of $w f64 (16, or 8 for a narrow last panel), of which the first
  ;; $cols hold op(B)(p, j) for the panel's columns and the rest are zero. op(B)(p, j) of the panel
  ;; is at src + p*sp + j*sj, f32 (or f64 if $f64). Returns 1 if a value is infinite or NaN.
  (func $packB (export "packB") (param $src i32) (param $dst i32) (param $k i32) (param $cols i32) (param $w i32)
        (param $sp i32) (param $sj i32) (param $f64 i32) (result i32)
    (local $p i32) (local $jj i32) (local $at i32) (local $v f64) (local $bad i32)
    (block $rows_done (loop $rows
      (br_if $rows_done (i32.ge_u (local.get $p) (local.get $k)))
      (local.set $at (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $sp))))
      (local.set $jj (i32.const 0))
      (block $cols_done (loop $copy
        (br_if $cols_done (i32.ge_u (local.get $jj) (local.get $cols)))
        (local.set $v (if (result f64) (local.get $f64)
          (then (f64.load (local.get $at)))
          (else (f64.promote_f32 (f32.load (local.get $at))))))
        ;; v - v is 0 for a finite v, NaN for ∞ and NaN
        (local.set $bad (i32.or (local.get $bad)
          (f64.ne (f64.sub (local.get $v) (local.get $v)) (f64.const 0))))
        (f64.store (local.get $dst) (local.get $v))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $at (i32.add (local.get $at) (local.get $sj)))
        (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
        (br $copy)))
      (block $pad_done (loop $pad
        (br_if $pad_done (i32.ge_u (local.get $jj) (local.get $w)))
        (f64.store (local.get $dst) (f64.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
        (br $pad)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $rows)))
    (local.get $bad))

  ;; packB's fast path for one full panel of f32 rows stored in order (sj = 4): each row of the
  ;; panel is $w (16 or 8) floats at src + p*sp, widened eight at a time; ∞ and NaN found by their
  ;; f32 bits (every exponent bit set).
  (func $packB32Rows (export "packB32Rows") (param $src i32) (param $dst i32) (param $k i32) (param $sp i32)
        (param $w i32) (result i32)
    (local $p i32) (local $x v128) (local $y v128) (local $bad v128) (local $end i32) (local $at i32)
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
      (local.set $at (local.get $src))
      (local.set $end (i32.add (local.get $src) (i32.shl (local.get $w) (i32.const 2))))
      (block $quads_done (loop $quads
        (br_if $quads_done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load (local.get $at)))
        (local.set $y (v128.load offset=16 (local.get $at)))
        ;; ∞ and NaN: all exponent bits set
        (local.set $bad (v128.or (local.get $bad) (v128.or
          (i32x4.eq (v128.and (local.get $x) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
            (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
          (i32x4.eq (v128.and (local.get $y) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
            (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000)))))
        (v128.store (local.get $dst) (f64x2.promote_low_f32x4 (local.get $x)))
        (v128.store offset=16 (local.get $dst) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))
        (v128.store offset=32 (local.get $dst) (f64x2.promote_low_f32x4 (local.get $y)))
        (v128.store offset=48 (local.get $dst) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $y) (local.get $y))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
        (local.set $at (i32.add (local.get $at) (i32.const 32)))
        (br $quads)))
      (local.set $src (i32.add (local.get $src) (local.get $sp)))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $rows)))
    (v128.any_true (local.get $bad)))

  ;; packB's fast path for one full panel of f32 read across rows (op(B) = bᵀ, so column j of the
  ;; panel is row j of b, at src + j*sj, in order): four values of a column widened at a time and
  ;; scattered down the panel. k must be a multiple of 4.
  (func $packB32Columns (export "packB32Columns") (param $src i32) (param $dst i32) (param $k i32) (param $sj i32)
        (param $w i32) (result i32)
    (local $jj i32) (local $p i32) (local $from i32) (local $to i32) (local $rowBytes i32)
    (local $x v128) (local $lo v128) (local $hi v128) (local $bad v128)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 3)))
    (block $done (loop $columns
      (br_if $done (i32.ge_u (local.get $jj) (local.get $w)))
      ;; from 128 below: the loop's jumps off 32-byte boundaries (see the top of this file)
      (local.set $from (i32.sub (i32.add (local.get $src) (i32.mul (local.get $jj) (local.get $sj))) (i32.const 128)))
      (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $jj) (i32.const 3))))
      (local.set $p (i32.const 0))
      (block $column_done (loop $quads
        (br_if $column_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $x (v128.load offset=128 (local.get $from)))
        (local.set $lo (f64x2.promote_low_f32x4 (local.get $x)))
        (local.set $hi (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))
        (local.set $bad (v128.or (local.get $bad)
          (i32x4.eq (v128.and (local.get $x) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
            (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))))
        (v128.store64_lane 0 (local.get $to) (local.get $lo))
        (local.set $to (i32.add (local.get $to) (local.get $rowBytes)))
        (v128.store64_lane 1 (local.get $to) (local.get $lo))
        (local.set $to (i32.add (local.get $to) (local.get $rowBytes)))
        (v128.store64_lane 0 (local.get $to) (local.get $hi))
        (local.set $to (i32.add (local.get $to) (local.get $rowBytes)))
        (v128.store64_lane 1 (local.get $to) (local.get $hi))
        (local.set $to (i32.add (local.get $to) (local.get $rowBytes)))
        (local.set $from (i32.add (local.get $from) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $quads)))
      (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
      (br $columns)))
    (v128.any_true (local.get $bad)))

  ;; op(A)(i, p) is at src + i*si + p*sp, f32 (or f64 if $f64). For each of the rows, lists the
  ;; terms to add: idx = p·128 (the byte offset of row p in a 16-wide panel) and val = the value
  ;; as f64; with $skip, zeros are left out. Row r's terms are entries rowptr[r]..rowptr[r+1]-1.
  (func $packA (export "packA") (param $src i32) (param $rowptr i32) (param $idx i32) (param $val i32)
        (param $rows i32) (param $k i32) (param $si i32) (param $sp i32) (param $f64 i32) (param $skip i32)
    (local $r i32) (local $p i32) (local $count i32) (local $at i32) (local $v f64)
    (i32.store (local.get $rowptr) (i32.const 0))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $at (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $si))))
      (local.set $p (i32.const 0))
      (block $row_done (loop $each_p
        (br_if $row_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $v (if (result f64) (local.get $f64)
          (then (f64.load (local.get $at)))
          (else (f64.promote_f32 (f32.load (local.get $at))))))
        ;; Always write the entry, then count it only if it is kept: no branch to mispredict.
        (i32.store (i32.add (local.get $idx) (i32.shl (local.get $count) (i32.const 2)))
          (i32.shl (local.get $p) (i32.const 7)))
        (f64.store (i32.add (local.get $val) (i32.shl (local.get $count) (i32.const 3))) (local.get $v))
        (local.set $count (i32.add (local.get $count)
          (i32.or (i32.eqz (local.get $skip)) (f64.ne (local.get $v) (f64.const 0)))))
        (local.set $at (i32.add (local.get $at) (local.get $sp)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_p)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (i32.store (i32.add (local.get $rowptr) (i32.shl (local.get $r) (i32.const 2))) (local.get $count))
      (br $each_row))))

  ;; packA's fast path for f32 rows stored in order (sp = 4), k a multiple of 4, no skipping.
  (func $packA32Rows (export "packA32Rows") (param $src i32) (param $rowptr i32) (param $idx i32) (param $val i32)
        (param $rows i32) (param $k i32) (param $si i32)
    (local $r i32) (local $p i32) (local $at i32) (local $x v128) (local $offsets v128)
    (i32.store (local.get $rowptr) (i32.const 0))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      ;; from 128 below: the loop's jumps off 32-byte boundaries (see the top of this file)
      (local.set $at (i32.sub (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $si))) (i32.const 128)))
      (local.set $offsets (v128.const i32x4 0 128 256 384))
      (local.set $p (i32.const 0))
      (block $row_done (loop $each_quad
        (br_if $row_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $x (v128.load offset=128 (local.get $at)))
        (v128.store (local.get $val) (f64x2.promote_low_f32x4 (local.get $x)))
        (v128.store offset=16 (local.get $val) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))
        (v128.store (local.get $idx) (local.get $offsets))
        (local.set $offsets (i32x4.add (local.get $offsets) (v128.const i32x4 512 512 512 512)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $val (i32.add (local.get $val) (i32.const 32)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $each_quad)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (i32.store (i32.add (local.get $rowptr) (i32.shl (local.get $r) (i32.const 2)))
        (i32.mul (local.get $r) (local.get $k)))
      (br $each_row))))

  ;; The shuffles that move the kept lanes of an f32x4 to its front, in order (lanes of a 4-bit mask
  ;; m, bit l for lane l; the rest of the bytes 255, which i8x16.swizzle turns into 0): 16 × 16 bytes
  ;; at $at, for packA32Skip.
  (func $compactTable (param $at i32)
    (v128.store offset=0 (local.get $at) (v128.const i8x16 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255 255))
    (v128.store offset=16 (local.get $at) (v128.const i8x16 0 1 2 3 255 255 255 255 255 255 255 255 255 255 255 255))
    (v128.store offset=32 (local.get $at) (v128.const i8x16 4 5 6 7 255 255 255 255 255 255 255 255 255 255 255 255))
    (v128.store offset=48 (local.get $at) (v128.const i8x16 0 1 2 3 4 5 6 7 255 255 255 255 255 255 255 255))
    (v128.store offset=64 (local.get $at) (v128.const i8x16 8 9 10 11 255 255 255 255 255 255 255 255 255 255 255 255))
    (v128.store offset=80 (local.get $at) (v128.const i8x16 0 1 2 3 8 9 10 11 255 255 255 255 255 255 255 255))
    (v128.store offset=96 (local.get $at) (v128.const i8x16 4 5 6 7 8 9 10 11 255 255 255 255 255 255 255 255))
    (v128.store offset=112 (local.get $at) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 255 255 255 255))
    (v128.store offset=128 (local.get $at) (v128.const i8x16 12 13 14 15 255 255 255 255 255 255 255 255 255 255 255 255))
    (v128.store offset=144 (local.get $at) (v128.const i8x16 0 1 2 3 12 13 14 15 255 255 255 255 255 255 255 255))
    (v128.store offset=160 (local.get $at) (v128.const i8x16 4 5 6 7 12 13 14 15 255 255 255 255 255 255 255 255))
    (v128.store offset=176 (local.get $at) (v128.const i8x16 0 1 2 3 4 5 6 7 12 13 14 15 255 255 255 255))
    (v128.store offset=192 (local.get $at) (v128.const i8x16 8 9 10 11 12 13 14 15 255 255 255 255 255 255 255 255))
    (v128.store offset=208 (local.get $at) (v128.const i8x16 0 1 2 3 8 9 10 11 12 13 14 15 255 255 255 255))
    (v128.store offset=224 (local.get $at) (v128.const i8x16 4 5 6 7 8 9 10 11 12 13 14 15 255 255 255 255))
    (v128.store offset=240 (local.get $at) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)))

  ;; packA's fast path for f32 rows stored in order (sp = 4), zeros (±0) left out: the same lists as
  ;; packA with $skip. Four values at a time: their non-zero lanes moved to the front (a shuffle from
  ;; a table of 16, chosen by the lanes' mask) and stored whole, the count advanced by as many; the
  ;; lanes stored past the count are overwritten by the next four, or lie past the row's end (never
  ;; past the k·rows entries the lists have room for). The last k mod 4 values one at a time.
  ;; $table: 256 bytes of scratch for the shuffles.
  (func $packA32Skip (export "packA32Skip") (param $src i32) (param $rowptr i32) (param $idx i32) (param $val i32)
        (param $rows i32) (param $k i32) (param $si i32) (param $table i32)
    (local $r i32) (local $at i32) (local $end i32) (local $p i32) (local $count i32) (local $m i32)
    (local $to i32) (local $x v128) (local $sh v128) (local $offsets v128) (local $v f32)
    (call $compactTable (local.get $table))
    (i32.store (local.get $rowptr) (i32.const 0))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $at (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $si))))
      (local.set $end (i32.add (local.get $at) (i32.shl (i32.and (local.get $k) (i32.const -4)) (i32.const 2))))
      (local.set $offsets (v128.const i32x4 0 128 256 384))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load (local.get $at)))
        (local.set $m (i32x4.bitmask (f32x4.ne (local.get $x) (v128.const f32x4 0 0 0 0))))
        (local.set $sh (v128.load (i32.add (local.get $table) (i32.shl (local.get $m) (i32.const 4)))))
        (local.set $x (i8x16.swizzle (local.get $x) (local.get $sh)))
        ;; idx and val from 128 below: the loop's jumps off 32-byte boundaries (see the top of this file)
        (v128.store offset=128 (i32.sub (i32.add (local.get $idx) (i32.shl (local.get $count) (i32.const 2))) (i32.const 128))
          (i8x16.swizzle (local.get $offsets) (local.get $sh)))
        (local.set $to (i32.sub (i32.add (local.get $val) (i32.shl (local.get $count) (i32.const 3))) (i32.const 128)))
        (v128.store offset=128 (local.get $to) (f64x2.promote_low_f32x4 (local.get $x)))
        (v128.store offset=144 (local.get $to) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))
        (local.set $count (i32.add (local.get $count) (i32.popcnt (local.get $m))))
        (local.set $offsets (i32x4.add (local.get $offsets) (v128.const i32x4 512 512 512 512)))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $each_quad)))
      (local.set $p (i32.and (local.get $k) (i32.const -4)))
      (block $row_done (loop $each_p
        (br_if $row_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $v (f32.load (local.get $at)))
        (i32.store (i32.add (local.get $idx) (i32.shl (local.get $count) (i32.const 2)))
          (i32.shl (local.get $p) (i32.const 7)))
        (f64.store (i32.add (local.get $val) (i32.shl (local.get $count) (i32.const 3))) (f64.promote_f32 (local.get $v)))
        (local.set $count (i32.add (local.get $count) (f32.ne (local.get $v) (f32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_p)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (i32.store (i32.add (local.get $rowptr) (i32.shl (local.get $r) (i32.const 2))) (local.get $count))
      (br $each_row))))

  ;; f32 values whose rows lie side by side (element (i, p) at src + 4i + p·sp: op(A) is a transpose
  ;; read in place) copied out as rows in order, rows × k at dst: four rows × four terms at a time
  ;; (four loads, a 4×4 transpose in shuffles, four stores); the last rows and terms one by one.
  (func $transpose32 (export "transpose32") (param $src i32) (param $dst i32) (param $rows i32) (param $k i32) (param $sp i32)
    (local $i i32) (local $p i32) (local $from i32) (local $to i32) (local $rowBytes i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 2)))
    (block $fours_done (loop $each_four
      (br_if $fours_done (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $rows)))
      (local.set $from (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $to (i32.add (local.get $dst) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $p (i32.const 0))
      (block $quads_done (loop $each_quad
        (br_if $quads_done (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $k)))
        (local.set $a (v128.load (local.get $from)))
        (local.set $b (v128.load (i32.add (local.get $from) (local.get $sp))))
        (local.set $c (v128.load (i32.add (local.get $from) (i32.shl (local.get $sp) (i32.const 1)))))
        (local.set $d (v128.load (i32.add (local.get $from) (i32.mul (local.get $sp) (i32.const 3)))))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d)))
        (v128.store (local.get $to)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $to) (local.get $rowBytes))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (v128.store (i32.add (local.get $to) (i32.shl (local.get $rowBytes) (i32.const 1)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (v128.store (i32.add (local.get $to) (i32.mul (local.get $rowBytes) (i32.const 3)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $from (i32.add (local.get $from) (i32.shl (local.get $sp) (i32.const 2))))
        (local.set $to (i32.add (local.get $to) (i32.const 16)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $each_quad)))
      ;; the last k mod 4 terms of these four rows
      (block $tail_done (loop $each_p
        (br_if $tail_done (i32.ge_u (local.get $p) (local.get $k)))
        (f32.store (local.get $to) (f32.load (local.get $from)))
        (f32.store (i32.add (local.get $to) (local.get $rowBytes)) (f32.load offset=4 (local.get $from)))
        (f32.store (i32.add (local.get $to) (i32.shl (local.get $rowBytes) (i32.const 1))) (f32.load offset=8 (local.get $from)))
        (f32.store (i32.add (local.get $to) (i32.mul (local.get $rowBytes) (i32.const 3))) (f32.load offset=12 (local.get $from)))
        (local.set $from (i32.add (local.get $from) (local.get $sp)))
        (local.set $to (i32.add (local.get $to) (i32.const 4)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_p)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $each_four)))
    ;; the last rows mod 4, one value at a time
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
      (local.set $from (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $to (i32.add (local.get $dst) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $p (i32.const 0))
      (block $row_done (loop $each_p
        (br_if $row_done (i32.ge_u (local.get $p) (local.get $k)))
        (f32.store (local.get $to) (f32.load (local.get $from)))
        (local.set $from (i32.add (local.get $from) (local.get $sp)))
        (local.set $to (i32.add (local.get $to) (i32.const 4)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_p)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; For each of the rows: C[r][0..15] = Σ over row r's terms of val · panel[p][0..15], in order,
  ;; in float64. Sixteen sums live in eight f64x2 registers; rows of C are ldc bytes apart.
  (func $gemm16 (export "gemm16") (param $rowptr i32) (param $idx i32) (param $val i32) (param $panel i32)
        (param $c i32) (param $rows i32) (param $ldc i32)
    (local $r i32) (local $at i32) (local $end i32) (local $v i32) (local $b i32) (local $a v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
      (local.set $c2 (v128.const i64x2 0 0)) (local.set $c3 (v128.const i64x2 0 0))
      (local.set $c4 (v128.const i64x2 0 0)) (local.set $c5 (v128.const i64x2 0 0))
      (local.set $c6 (v128.const i64x2 0 0)) (local.set $c7 (v128.const i64x2 0 0))
      ;; row r's terms: offsets from idx + 4t, values from val + 8t, t from rowptr[r] to rowptr[r + 1]
      (local.set $at (i32.load (i32.add (local.get $rowptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $rowptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $v (i32.add (local.get $val) (i32.shl (local.get $at) (i32.const 3))))
      (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2))))
      (local.set $at (i32.add (local.get $idx) (i32.shl (local.get $at) (i32.const 2))))
      (block $row_done (loop $each_term
        (br_if $row_done (i32.ge_u (local.get $at) (local.get $end)))
        ;; sums += a · (row p of the panel), the last columns first: so V8 loads each vector of the
        ;; panel just before its multiply (written first to last, it loads all of them first, and
        ;; with the sums that is more registers than x64 has: a sum went to the stack)
        (local.set $b (i32.add (local.get $panel) (i32.load (local.get $at))))
        (local.set $a (v128.load64_splat (local.get $v)))
        (local.set $c7 (f64x2.add (local.get $c7) (f64x2.mul (local.get $a) (v128.load offset=112 (local.get $b)))))
        (local.set $c6 (f64x2.add (local.get $c6) (f64x2.mul (local.get $a) (v128.load offset=96 (local.get $b)))))
        (local.set $c5 (f64x2.add (local.get $c5) (f64x2.mul (local.get $a) (v128.load offset=80 (local.get $b)))))
        (local.set $c4 (f64x2.add (local.get $c4) (f64x2.mul (local.get $a) (v128.load offset=64 (local.get $b)))))
        (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $a) (v128.load offset=48 (local.get $b)))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $a) (v128.load offset=32 (local.get $b)))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $a) (v128.load offset=16 (local.get $b)))))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $a) (v128.load (local.get $b)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 8)))
        (br $each_term)))
      (local.set $b (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (v128.store (local.get $b) (local.get $c0))
      (v128.store offset=16 (local.get $b) (local.get $c1))
      (v128.store offset=32 (local.get $b) (local.get $c2))
      (v128.store offset=48 (local.get $b) (local.get $c3))
      (v128.store offset=64 (local.get $b) (local.get $c4))
      (v128.store offset=80 (local.get $b) (local.get $c5))
      (v128.store offset=96 (local.get $b) (local.get $c6))
      (v128.store offset=112 (local.get $b) (local.get $c7))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $each_row))))

  ;; The same for a panel 8 columns wide, whose rows are 64 bytes apart (hence idx / 2).
  (func $gemm8 (export "gemm8") (param $rowptr i32) (param $idx i32) (param $val i32) (param $panel i32)
        (param $c i32) (param $rows i32) (param $ldc i32)
    (local $r i32) (local $at i32) (local $end i32) (local $v i32) (local $b i32) (local $a v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    ;; the panel from 128 below: the loop's jumps off 32-byte boundaries (see the top of this file)
    (local.set $panel (i32.sub (local.get $panel) (i32.const 128)))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
      (local.set $c2 (v128.const i64x2 0 0)) (local.set $c3 (v128.const i64x2 0 0))
      ;; row r's terms: offsets from idx + 4t, values from val + 8t, t from rowptr[r] to rowptr[r + 1]
      (local.set $at (i32.load (i32.add (local.get $rowptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $end (i32.load offset=4 (i32.add (local.get $rowptr) (i32.shl (local.get $r) (i32.const 2)))))
      (local.set $v (i32.add (local.get $val) (i32.shl (local.get $at) (i32.const 3))))
      (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $end) (i32.const 2))))
      (local.set $at (i32.add (local.get $idx) (i32.shl (local.get $at) (i32.const 2))))
      (block $row_done (loop $each_term
        (br_if $row_done (i32.ge_u (local.get $at) (local.get $end)))
        ;; sums += a · (row p of the panel), the last columns first: so V8 loads each vector of the
        ;; panel just before its multiply (written first to last, it loads all of them first, and
        ;; with the sums that is more registers than x64 has: a sum went to the stack)
        (local.set $b (i32.add (local.get $panel) (i32.shr_u (i32.load (local.get $at)) (i32.const 1))))
        (local.set $a (v128.load64_splat (local.get $v)))
        (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $a) (v128.load offset=176 (local.get $b)))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $a) (v128.load offset=160 (local.get $b)))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $a) (v128.load offset=144 (local.get $b)))))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $a) (v128.load offset=128 (local.get $b)))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 8)))
        (br $each_term)))
      (local.set $b (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (v128.store (local.get $b) (local.get $c0))
      (v128.store offset=16 (local.get $b) (local.get $c1))
      (v128.store offset=32 (local.get $b) (local.get $c2))
      (v128.store offset=48 (local.get $b) (local.get $c3))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $each_row))))

  ;; For dense rows (no zeros left out: row r's k terms are val[r·k .. r·k+k-1], p in order), an
  ;; 8-column strip of a panel, two rows at a time: each row of the strip (4 f64x2) is loaded once for
  ;; both rows, half the loads of B per multiply-add of gemm16, and no offset list to read. The strip's
  ;; row p is at strip + p·pstride; C[r][0..7] at c + r·ldc. Same sums in the same order.
  (func $gemmDense2x8 (export "gemmDense2x8") (param $val i32) (param $strip i32) (param $c i32) (param $rows i32)
        (param $ldc i32) (param $k i32) (param $pstride i32)
    (local $r i32) (local $b i32) (local $end i32) (local $a0 i32) (local $a1 i32) (local $x v128)
    (local $s0 v128) (local $s1 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128)
    (block $pairs_done (loop $each_pair
      (br_if $pairs_done (i32.gt_u (i32.add (local.get $r) (i32.const 2)) (local.get $rows)))
      (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
      (local.set $c2 (v128.const i64x2 0 0)) (local.set $c3 (v128.const i64x2 0 0))
      (local.set $d0 (v128.const i64x2 0 0)) (local.set $d1 (v128.const i64x2 0 0))
      (local.set $d2 (v128.const i64x2 0 0)) (local.set $d3 (v128.const i64x2 0 0))
      (local.set $a0 (i32.add (local.get $val) (i32.shl (i32.mul (local.get $r) (local.get $k)) (i32.const 3))))
      (local.set $a1 (i32.add (local.get $a0) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $end (local.get $a1))
      ;; the strip from 128 below: the loop's jumps off 32-byte boundaries (see the top of this file)
      (local.set $b (i32.sub (local.get $strip) (i32.const 128)))
      (block $terms_done (loop $each_term
        (br_if $terms_done (i32.ge_u (local.get $a0) (local.get $end)))
        (local.set $s0 (v128.load64_splat (local.get $a0)))
        (local.set $s1 (v128.load64_splat (local.get $a1)))
        (local.set $x (v128.load offset=128 (local.get $b)))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $s0) (local.get $x))))
        (local.set $d0 (f64x2.add (local.get $d0) (f64x2.mul (local.get $s1) (local.get $x))))
        (local.set $x (v128.load offset=144 (local.get $b)))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $s0) (local.get $x))))
        (local.set $d1 (f64x2.add (local.get $d1) (f64x2.mul (local.get $s1) (local.get $x))))
        (local.set $x (v128.load offset=160 (local.get $b)))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $s0) (local.get $x))))
        (local.set $d2 (f64x2.add (local.get $d2) (f64x2.mul (local.get $s1) (local.get $x))))
        (local.set $x (v128.load offset=176 (local.get $b)))
        (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $s0) (local.get $x))))
        (local.set $d3 (f64x2.add (local.get $d3) (f64x2.mul (local.get $s1) (local.get $x))))
        (local.set $a0 (i32.add (local.get $a0) (i32.const 8)))
        (local.set $a1 (i32.add (local.get $a1) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (local.get $pstride)))
        (br $each_term)))
      (local.set $b (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (v128.store (local.get $b) (local.get $c0))
      (v128.store offset=16 (local.get $b) (local.get $c1))
      (v128.store offset=32 (local.get $b) (local.get $c2))
      (v128.store offset=48 (local.get $b) (local.get $c3))
      (local.set $b (i32.add (local.get $b) (local.get $ldc)))
      (v128.store (local.get $b) (local.get $d0))
      (v128.store offset=16 (local.get $b) (local.get $d1))
      (v128.store offset=32 (local.get $b) (local.get $d2))
      (v128.store offset=48 (local.get $b) (local.get $d3))
      (local.set $r (i32.add (local.get $r) (i32.const 2)))
      (br $each_pair)))
    ;; an odd last row alone
    (if (i32.lt_u (local.get $r) (local.get $rows)) (then
      (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
      (local.set $c2 (v128.const i64x2 0 0)) (local.set $c3 (v128.const i64x2 0 0))
      (local.set $a0 (i32.add (local.get $val) (i32.shl (i32.mul (local.get $r) (local.get $k)) (i32.const 3))))
      (local.set $end (i32.add (local.get $a0) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $b (local.get $strip))
      (block $terms_done (loop $each_term
        (br_if $terms_done (i32.ge_u (local.get $a0) (local.get $end)))
        (local.set $s0 (v128.load64_splat (local.get $a0)))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $s0) (v128.load (local.get $b)))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $s0) (v128.load offset=16 (local.get $b)))))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $s0) (v128.load offset=32 (local.get $b)))))
        (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $s0) (v128.load offset=48 (local.get $b)))))
        (local.set $a0 (i32.add (local.get $a0) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (local.get $pstride)))
        (br $each_term)))
      (local.set $b (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (v128.store (local.get $b) (local.get $c0))
      (v128.store offset=16 (local.get $b) (local.get $c1))
      (v128.store offset=32 (local.get $b) (local.get $c2))
      (v128.store offset=48 (local.get $b) (local.get $c3)))))

  ;; A single row a (k f32 values) times f32 rows of B read in order (op(B)(p, j) at b + p*sp + 4j):
  ;; out[j] = Σ_p a[p] · b[p][j] in float64, p in order, into n f64 sums. Eight columns at a time,
  ;; B widened as it is read: with one row there is nothing to reuse panels for.
  (func (export "gemv32Rows") (param $a i32) (param $b i32) (param $out i32) (param $k i32) (param $n i32) (param $sp i32)
    (local $j i32) (local $p i32) (local $at i32) (local $x v128) (local $s v128) (local $t f64)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    ;; a and the columns' rows from 128 below: the loop's jumps off 32-byte boundaries (see the top of this file)
    (local.set $a (i32.sub (local.get $a) (i32.const 128)))
    (block $octs_done (loop $each_oct
      (br_if $octs_done (i32.gt_u (i32.add (local.get $j) (i32.const 8)) (local.get $n)))
      (local.set $c0 (v128.const i64x2 0 0)) (local.set $c1 (v128.const i64x2 0 0))
      (local.set $c2 (v128.const i64x2 0 0)) (local.set $c3 (v128.const i64x2 0 0))
      (local.set $at (i32.sub (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (i32.const 128)))
      (local.set $p (i32.const 0))
      (block $rows_done (loop $each_p
        (br_if $rows_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (f64x2.splat (f64.promote_f32 (f32.load offset=128 (i32.add (local.get $a) (i32.shl (local.get $p) (i32.const 2)))))))
        (local.set $x (v128.load offset=128 (local.get $at)))
        (local.set $c0 (f64x2.add (local.get $c0) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (local.get $x)))))
        (local.set $c1 (f64x2.add (local.get $c1) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))))
        (local.set $x (v128.load offset=144 (local.get $at)))
        (local.set $c2 (f64x2.add (local.get $c2) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4 (local.get $x)))))
        (local.set $c3 (f64x2.add (local.get $c3) (f64x2.mul (local.get $s) (f64x2.promote_low_f32x4
          (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))))
        (local.set $at (i32.add (local.get $at) (local.get $sp)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_p)))
      (local.set $at (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))))
      (v128.store (local.get $at) (local.get $c0))
      (v128.store offset=16 (local.get $at) (local.get $c1))
      (v128.store offset=32 (local.get $at) (local.get $c2))
      (v128.store offset=48 (local.get $at) (local.get $c3))
      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br $each_oct)))
    ;; the last columns one at a time
    (block $done (loop $each_j
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $t (f64.const 0))
      (local.set $at (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $p (i32.const 0))
      (block $column_done (loop $each_p
        (br_if $column_done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $t (f64.add (local.get $t) (f64.mul
          (f64.promote_f32 (f32.load offset=128 (i32.add (local.get $a) (i32.shl (local.get $p) (i32.const 2)))))
          (f64.promote_f32 (f32.load (local.get $at))))))
        (local.set $at (i32.add (local.get $at) (local.get $sp)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $each_p)))
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 3))) (local.get $t))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $each_j))))

  ;; For products added in NumPy's blocks: dst += src over $bytes bytes of float64 sums (a multiple of
  ;; 16), two at a time: a block's sums added into the total of the blocks before it.
  (func (export "addSums") (param $dst i32) (param $src i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (block $done (loop $each_pair
      (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
      (v128.store (local.get $dst) (f64x2.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (br $each_pair))))

  ;; unpack's fast path for an f32 output written in order (sj = 4): four sums rounded at a time.
  ;; Handles the first n − n mod 4 columns of each row; the caller leaves the rest to unpack.
  (func $unpack32Rows (export "unpack32Rows") (param $c i32) (param $ldc i32) (param $dst i32) (param $rows i32)
        (param $n i32) (param $si i32)
    (local $r i32) (local $last i32) (local $from i32) (local $to i32) (local $quads i32)
    (local.set $quads (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3)))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $from (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (local.set $to (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $si))))
      (local.set $last (i32.add (local.get $from) (local.get $quads)))
      (block $row_done (loop $each_quad
        (br_if $row_done (i32.ge_u (local.get $from) (local.get $last)))
        ;; two f64x2 → two f32 pairs → one f32x4
        (v128.store (local.get $to) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load (local.get $from)))
          (f32x4.demote_f64x2_zero (v128.load offset=16 (local.get $from)))))
        (local.set $from (i32.add (local.get $from) (i32.const 32)))
        (local.set $to (i32.add (local.get $to) (i32.const 16)))
        (br $each_quad)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $each_row))))

  ;; unpack's fast path for an f32 output whose rows lie side by side (si = 4: an output computed
  ;; as its transpose, e.g. a layer's dweights): four rows × two columns at a time, each column's
  ;; four values rounded and stored as one f32x4, where one at a time they would be four stores to
  ;; four cache lines. Handles the first rows − rows mod 4 rows; the caller leaves the rest to unpack.
  ;; An odd last column reads C[r][n] too: the panels' sums are at least one column wider (8 or 16).
  (func $unpack32Columns (export "unpack32Columns") (param $c i32) (param $ldc i32) (param $dst i32) (param $rows i32)
        (param $n i32) (param $sj i32)
    (local $r i32) (local $j i32) (local $from i32) (local $to i32) (local $a v128) (local $b v128)
    (block $done (loop $each_four
      (br_if $done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $rows)))
      (local.set $from (i32.sub (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))) (i32.const 128)))
      (local.set $to (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
      (local.set $j (i32.const 0))
      (loop $each_pair
        ;; a = rows r, r+1 at columns j, j+1 (four f32); b = rows r+2, r+3 (from 128 below: the
        ;; loop's jumps off 32-byte boundaries, see the top of this file)
        (local.set $a (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load offset=128 (local.get $from)))
          (f32x4.demote_f64x2_zero (v128.load offset=128 (i32.add (local.get $from) (local.get $ldc))))))
        (local.set $b (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (v128.load offset=128 (i32.add (local.get $from) (i32.shl (local.get $ldc) (i32.const 1)))))
          (f32x4.demote_f64x2_zero (v128.load offset=128 (i32.add (local.get $from) (i32.mul (local.get $ldc) (i32.const 3)))))))
        ;; column j: lanes 0 and 2 of a, then of b
        (v128.store (local.get $to) (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b)))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (if (i32.le_u (local.get $j) (local.get $n)) (then
          ;; column j + 1: lanes 1 and 3
          (v128.store (i32.add (local.get $to) (local.get $sj))
            (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b)))
          (local.set $from (i32.add (local.get $from) (i32.const 16)))
          (local.set $to (i32.add (local.get $to) (i32.shl (local.get $sj) (i32.const 1))))
          (br_if $each_pair (i32.lt_u (local.get $j) (local.get $n))))))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $each_four))))

  ;; out(r, j) = C[r][j] rounded once to f32 (or stored as f64 if $f64), at dst + r*si + j*sj.
  (func $unpack (export "unpack") (param $c i32) (param $ldc i32) (param $dst i32) (param $rows i32)
        (param $n i32) (param $si i32) (param $sj i32) (param $f64 i32)
    (local $r i32) (local $j i32) (local $from i32) (local $to i32)
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $from (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $ldc))))
      (local.set $to (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $si))))
      (local.set $j (i32.const 0))
      (block $row_done (loop $each_j
        (br_if $row_done (i32.ge_u (local.get $j) (local.get $n)))
        (if (local.get $f64)
          (then (f64.store (local.get $to) (f64.load (local.get $from))))
          (else (f32.store (local.get $to) (f32.demote_f64 (f64.load (local.get $from))))))
        (local.set $from (i32.add (local.get $from) (i32.const 8)))
        (local.set $to (i32.add (local.get $to) (local.get $sj)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each_j)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $each_row))))

  ;; unpack's arguments, the fastest way: f32 rows in order four columns at a time (unpack32Rows),
  ;; f32 rows side by side four rows at a time (unpack32Columns), the rest one by one (unpack).
  (func $roundInto (export "roundInto") (param $c i32) (param $ldc i32) (param $dst i32) (param $rows i32)
        (param $n i32) (param $si i32) (param $sj i32) (param $f64 i32)
    (local $done i32) (local $rowsDone i32)
    (if (i32.eqz (local.get $f64)) (then
      (if (i32.eq (local.get $sj) (i32.const 4))
        (then
          (call $unpack32Rows (local.get $c) (local.get $ldc) (local.get $dst) (local.get $rows) (local.get $n) (local.get $si))
          (local.set $done (i32.and (local.get $n) (i32.const -4))))
        (else (if (i32.eq (local.get $si) (i32.const 4)) (then
          (call $unpack32Columns (local.get $c) (local.get $ldc) (local.get $dst) (local.get $rows) (local.get $n) (local.get $sj))
          (local.set $rowsDone (i32.and (local.get $rows) (i32.const -4)))))))))
    (call $unpack
      (i32.add (local.get $c) (i32.add (i32.shl (local.get $done) (i32.const 3)) (i32.mul (local.get $rowsDone) (local.get $ldc))))
      (local.get $ldc)
      (i32.add (local.get $dst) (i32.shl (i32.add (local.get $done) (local.get $rowsDone)) (i32.const 2)))
      (i32.sub (local.get $rows) (local.get $rowsDone)) (i32.sub (local.get $n) (local.get $done))
      (local.get $si) (local.get $sj) (local.get $f64)))

  ;; A packing unit of a product split between threads (wasm-matmul.ts), run before its other units.
  ;; Kind 1 (the i32 at 0), one panel of op(B): 4 src, 8 dst, 12 k, 16 cols, 20 w, 24 sp, 28 sj,
  ;; 32 f64, 36 which packer (0 packB, 1 packB32Rows, 2 packB32Columns); its result (1 if a value is
  ;; not finite) is stored at 40. Kind 0, the terms of a block of rows of op(A): 4 src, 8 rowptr,
  ;; 12 idx, 16 val, 20 rows, 24 k, 28 si, 32 sp, 36 which packer (0 packA, 1 packA32Rows,
  ;; 2 packA32Skip), 40 f64, 44 skip, 48 table (256 bytes), 52 temp, 56 transposed first (1: the
  ;; rows are copied out in order to temp by transpose32, then listed from there).
  (func $packUnit (param $u i32)
    (local $src i32) (local $si i32) (local $sp i32) (local $mode i32)
    (local.set $mode (i32.load offset=36 (local.get $u)))
    (if (i32.load (local.get $u)) (then
      (i32.store offset=40 (local.get $u)
        (if (result i32) (i32.eq (local.get $mode) (i32.const 1))
          (then (call $packB32Rows (i32.load offset=4 (local.get $u)) (i32.load offset=8 (local.get $u))
            (i32.load offset=12 (local.get $u)) (i32.load offset=24 (local.get $u)) (i32.load offset=20 (local.get $u))))
          (else (if (result i32) (i32.eq (local.get $mode) (i32.const 2))
            (then (call $packB32Columns (i32.load offset=4 (local.get $u)) (i32.load offset=8 (local.get $u))
              (i32.load offset=12 (local.get $u)) (i32.load offset=28 (local.get $u)) (i32.load offset=20 (local.get $u))))
            (else (call $packB (i32.load offset=4 (local.get $u)) (i32.load offset=8 (local.get $u))
              (i32.load offset=12 (local.get $u)) (i32.load offset=16 (local.get $u)) (i32.load offset=20 (local.get $u))
              (i32.load offset=24 (local.get $u)) (i32.load offset=28 (local.get $u)) (i32.load offset=32 (local.get $u))))))))
      (return)))
    (local.set $src (i32.load offset=4 (local.get $u)))
    (local.set $si (i32.load offset=28 (local.get $u)))
    (local.set $sp (i32.load offset=32 (local.get $u)))
    (if (i32.load offset=56 (local.get $u)) (then
      (call $transpose32 (local.get $src) (i32.load offset=52 (local.get $u)) (i32.load offset=20 (local.get $u))
        (i32.load offset=24 (local.get $u)) (local.get $sp))
      (local.set $src (i32.load offset=52 (local.get $u)))
      (local.set $si (i32.shl (i32.load offset=24 (local.get $u)) (i32.const 2)))
      (local.set $sp (i32.const 4))))
    (if (i32.eq (local.get $mode) (i32.const 2))
      (then (call $packA32Skip (local.get $src) (i32.load offset=8 (local.get $u)) (i32.load offset=12 (local.get $u))
        (i32.load offset=16 (local.get $u)) (i32.load offset=20 (local.get $u)) (i32.load offset=24 (local.get $u))
        (local.get $si) (i32.load offset=48 (local.get $u))))
      (else (if (i32.eq (local.get $mode) (i32.const 1))
        (then (call $packA32Rows (local.get $src) (i32.load offset=8 (local.get $u)) (i32.load offset=12 (local.get $u))
          (i32.load offset=16 (local.get $u)) (i32.load offset=20 (local.get $u)) (i32.load offset=24 (local.get $u))
          (local.get $si)))
        (else (call $packA (local.get $src) (i32.load offset=8 (local.get $u)) (i32.load offset=12 (local.get $u))
          (i32.load offset=16 (local.get $u)) (i32.load offset=20 (local.get $u)) (i32.load offset=24 (local.get $u))
          (local.get $si) (local.get $sp) (i32.load offset=40 (local.get $u)) (i32.load offset=44 (local.get $u))))))))

  ;; One unit of a product split between threads (wasm-matmul.ts): a block of rows times one
  ;; panel, then its sums rounded into the output. The record at $u holds, as i32:
  ;;   0 panel width (16 or 8), 4 rowptr, 8 idx, 12 val, 16 panel, 20 c, 24 rows, 28 ldc,
  ;;   32 dst, 36 n (columns to write), 40 si, 44 sj, 48 f64 — the arguments of gemm16/gemm8 and unpack;
  ;;   52 dense (rows without skipped zeros: gemmDense2x8 on each 8-column strip), 56 k.
  (func (export "runUnit") (param $u i32)
    ;; a packing unit (kind 0 or 1 where a product's units have their panel width, 8 or 16)
    (if (i32.lt_u (i32.load (local.get $u)) (i32.const 8)) (then
      (call $packUnit (local.get $u))
      (return)))
    (if (i32.load offset=52 (local.get $u))
      (then
        (call $gemmDense2x8 (i32.load offset=12 (local.get $u)) (i32.load offset=16 (local.get $u))
          (i32.load offset=20 (local.get $u)) (i32.load offset=24 (local.get $u)) (i32.load offset=28 (local.get $u))
          (i32.load offset=56 (local.get $u)) (i32.shl (i32.load (local.get $u)) (i32.const 3)))
        (if (i32.eq (i32.load (local.get $u)) (i32.const 16)) (then
          (call $gemmDense2x8 (i32.load offset=12 (local.get $u)) (i32.add (i32.load offset=16 (local.get $u)) (i32.const 64))
            (i32.add (i32.load offset=20 (local.get $u)) (i32.const 64)) (i32.load offset=24 (local.get $u))
            (i32.load offset=28 (local.get $u)) (i32.load offset=56 (local.get $u)) (i32.const 128)))))
    (else (if (i32.eq (i32.load (local.get $u)) (i32.const 16))
      (then (call $gemm16 (i32.load offset=4 (local.get $u)) (i32.load offset=8 (local.get $u))
        (i32.load offset=12 (local.get $u)) (i32.load offset=16 (local.get $u)) (i32.load offset=20 (local.get $u))
        (i32.load offset=24 (local.get $u)) (i32.load offset=28 (local.get $u))))
      (else (call $gemm8 (i32.load offset=4 (local.get $u)) (i32.load offset=8 (local.get $u))
        (i32.load offset=12 (local.get $u)) (i32.load offset=16 (local.get $u)) (i32.load offset=20 (local.get $u))
        (i32.load offset=24 (local.get $u)) (i32.load offset=28 (local.get $u)))))))
    (call $roundInto (i32.load offset=20 (local.get $u)) (i32.load offset=28 (local.get $u)) (i32.load offset=32 (local.get $u))
      (i32.load offset=24 (local.get $u)) (i32.load offset=36 (local.get $u)) (i32.load offset=40 (local.get $u))
      (i32.load offset=44 (local.get $u)) (i32.load offset=48 (local.get $u))))
)
