;; Matrix products with a narrow side (m, k or n at most 4), two float64 sums at a time (f64x2).
;;
;; The general kernel (matmul.wat) packs its operands into 16-column panels, which is wasted work
;; when a side is 2 or 3 wide: chapter 18's 2 → 512 → 3 network on 3,000 samples. Here each
;; output is still the float64 sum over p = 0..k−1 in order, starting from +0, so the bits are the
;; plain loop's. Large operands are read in place (float64, in the shared memory); the caller lays
;; small ones out as float64 in the order these loops read them. Outputs are rounded when stored.
;;
;; The time goes into memory traffic and add latency, so: sums stay in registers where they are
;; short (fewTerms) or where several rows can share the loop (fewColumns: four independent sums);
;; sums that must wait in memory get two or four terms per load and store; and a large product's
;; blocks of terms (NumPy's, see dotBlocks in kernels.ts) are added here, not by copying columns.
(module
  (memory (export "memory") 1)

  ;; out (m × n) = A (m × k) · B (k × n) for k ≤ 4 terms: the output is the large side. A float64
  ;; row-major; B float64 laid out by fours of columns, each four's k ≤ 4 rows in 128 bytes (term
  ;; 0's four values, then term 1's, …; a missing column is 0); out row-major, float32 when $out32
  ;; is 1 (rounded here) else float64. Each sum is at most 4 additions long, so it stays in a
  ;; register; two rows and four columns are done at once, sharing B's loads and the loop's
  ;; overhead (past the last row, it is done twice).
  (func (export "fewTerms") (param $a i32) (param $b i32) (param $out i32)
        (param $m i32) (param $k i32) (param $n i32) (param $out32 i32)
    (local $i i32) (local $bp i32) (local $fullEnd i32) (local $bEnd i32) (local $rowBytes i32) (local $outBytes i32)
    (local $a1 i32) (local $a2 i32) (local $o1 i32) (local $o2 i32)
    (local $c v128) (local $s v128) (local $t v128) (local $u v128) (local $v v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128)
    ;; B's loads take offsets of 16+ from b − 16: longer encodings that keep the loop's jumps off 32-byte boundaries (scripts/jump-alignment.ts).
    (local.set $b (i32.sub (local.get $b) (i32.const 16)))
    (local.set $fullEnd (i32.add (local.get $b) (i32.shl (i32.shr_u (local.get $n) (i32.const 2)) (i32.const 7))))
    (local.set $bEnd (i32.add (local.get $b) (i32.shl (i32.shr_u (i32.add (local.get $n) (i32.const 3)) (i32.const 2)) (i32.const 7))))
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 3)))
    (local.set $outBytes (i32.shl (local.get $n) (select (i32.const 2) (i32.const 3) (local.get $out32))))
    (block $rows_done (loop $each_two_rows
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $a1 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $o1 (i32.add (local.get $out) (i32.mul (local.get $i) (local.get $outBytes))))
      (local.set $a2 (local.get $a1))
      (local.set $o2 (local.get $o1))
      (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $m)) (then
        (local.set $a2 (i32.add (local.get $a1) (local.get $rowBytes)))
        (local.set $o2 (i32.add (local.get $o1) (local.get $outBytes)))))
      (local.set $x0 (v128.load64_splat (local.get $a1)))
      (local.set $y0 (v128.load64_splat (local.get $a2)))
      (if (i32.gt_u (local.get $k) (i32.const 1)) (then
        (local.set $x1 (v128.load64_splat offset=8 (local.get $a1)))
        (local.set $y1 (v128.load64_splat offset=8 (local.get $a2)))))
      (if (i32.gt_u (local.get $k) (i32.const 2)) (then
        (local.set $x2 (v128.load64_splat offset=16 (local.get $a1)))
        (local.set $y2 (v128.load64_splat offset=16 (local.get $a2)))))
      (if (i32.gt_u (local.get $k) (i32.const 3)) (then
        (local.set $x3 (v128.load64_splat offset=24 (local.get $a1)))
        (local.set $y3 (v128.load64_splat offset=24 (local.get $a2)))))
      (local.set $bp (local.get $b))
      (block $row_done
        (block $partial
          (loop $each_four
            (br_if $row_done (i32.ge_u (local.get $bp) (local.get $bEnd)))
            ;; s, u = ((+0 + x0·b0) + x1·b1) + … for columns 0, 1 and 2, 3, in order; t, v the second row's
            (local.set $c (v128.load offset=16 (local.get $bp)))
            (local.set $s (f64x2.add (v128.const f64x2 0 0) (f64x2.mul (local.get $x0) (local.get $c))))
            (local.set $t (f64x2.add (v128.const f64x2 0 0) (f64x2.mul (local.get $y0) (local.get $c))))
            (local.set $c (v128.load offset=32 (local.get $bp)))
            (local.set $u (f64x2.add (v128.const f64x2 0 0) (f64x2.mul (local.get $x0) (local.get $c))))
            (local.set $v (f64x2.add (v128.const f64x2 0 0) (f64x2.mul (local.get $y0) (local.get $c))))
            (if (i32.gt_u (local.get $k) (i32.const 1)) (then
              (local.set $c (v128.load offset=48 (local.get $bp)))
              (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x1) (local.get $c))))
              (local.set $t (f64x2.add (local.get $t) (f64x2.mul (local.get $y1) (local.get $c))))
              (local.set $c (v128.load offset=64 (local.get $bp)))
              (local.set $u (f64x2.add (local.get $u) (f64x2.mul (local.get $x1) (local.get $c))))
              (local.set $v (f64x2.add (local.get $v) (f64x2.mul (local.get $y1) (local.get $c))))
              (if (i32.gt_u (local.get $k) (i32.const 2)) (then
                (local.set $c (v128.load offset=80 (local.get $bp)))
                (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x2) (local.get $c))))
                (local.set $t (f64x2.add (local.get $t) (f64x2.mul (local.get $y2) (local.get $c))))
                (local.set $c (v128.load offset=96 (local.get $bp)))
                (local.set $u (f64x2.add (local.get $u) (f64x2.mul (local.get $x2) (local.get $c))))
                (local.set $v (f64x2.add (local.get $v) (f64x2.mul (local.get $y2) (local.get $c))))
                (if (i32.gt_u (local.get $k) (i32.const 3)) (then
                  (local.set $c (v128.load offset=112 (local.get $bp)))
                  (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x3) (local.get $c))))
                  (local.set $t (f64x2.add (local.get $t) (f64x2.mul (local.get $y3) (local.get $c))))
                  (local.set $c (v128.load offset=128 (local.get $bp)))
                  (local.set $u (f64x2.add (local.get $u) (f64x2.mul (local.get $x3) (local.get $c))))
                  (local.set $v (f64x2.add (local.get $v) (f64x2.mul (local.get $y3) (local.get $c))))))))))
            ;; A last four with 1 to 3 columns leaves the loop: its stores are below.
            (br_if $partial (i32.ge_u (local.get $bp) (local.get $fullEnd)))
            (if (local.get $out32)
              (then
                ;; a row's four rounded sums in one store
                (v128.store (local.get $o1) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero (local.get $s)) (f32x4.demote_f64x2_zero (local.get $u))))
                (v128.store (local.get $o2) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero (local.get $t)) (f32x4.demote_f64x2_zero (local.get $v))))
                (local.set $o1 (i32.add (local.get $o1) (i32.const 16)))
                (local.set $o2 (i32.add (local.get $o2) (i32.const 16))))
              (else
                (v128.store (local.get $o1) (local.get $s))
                (v128.store offset=16 (local.get $o1) (local.get $u))
                (v128.store (local.get $o2) (local.get $t))
                (v128.store offset=16 (local.get $o2) (local.get $v))
                (local.set $o1 (i32.add (local.get $o1) (i32.const 32)))
                (local.set $o2 (i32.add (local.get $o2) (i32.const 32)))))
            (local.set $bp (i32.add (local.get $bp) (i32.const 128)))
            (br $each_four)))
        ;; The last 1 to 3 columns of both rows (s0, s1, u0 and t0, t1, v0).
        (if (local.get $out32)
          (then
            (f32.store (local.get $o1) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $s))))
            (f32.store (local.get $o2) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $t))))
            (if (i32.ge_u (i32.and (local.get $n) (i32.const 3)) (i32.const 2)) (then
              (f32.store offset=4 (local.get $o1) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $s))))
              (f32.store offset=4 (local.get $o2) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $t))))))
            (if (i32.eq (i32.and (local.get $n) (i32.const 3)) (i32.const 3)) (then
              (f32.store offset=8 (local.get $o1) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $u))))
              (f32.store offset=8 (local.get $o2) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $v)))))))
          (else
            (f64.store (local.get $o1) (f64x2.extract_lane 0 (local.get $s)))
            (f64.store (local.get $o2) (f64x2.extract_lane 0 (local.get $t)))
            (if (i32.ge_u (i32.and (local.get $n) (i32.const 3)) (i32.const 2)) (then
              (f64.store offset=8 (local.get $o1) (f64x2.extract_lane 1 (local.get $s)))
              (f64.store offset=8 (local.get $o2) (f64x2.extract_lane 1 (local.get $t)))))
            (if (i32.eq (i32.and (local.get $n) (i32.const 3)) (i32.const 3)) (then
              (f64.store offset=16 (local.get $o1) (f64x2.extract_lane 0 (local.get $u)))
              (f64.store offset=16 (local.get $o2) (f64x2.extract_lane 0 (local.get $v))))))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $each_two_rows))))

  ;; out (m × n) = A (m × k) · B (k × n) for n ≤ 4 outputs per row, A's rows the large side:
  ;; A float64 row-major, B float64 with its rows padded to 4 columns, out as in fewTerms. Each sum
  ;; is added in the blocks of terms listed at $blocks ($count i32 lengths, NumPy's blocks for a
  ;; large product, else the one block k), so A is read once, in place.
  (func (export "fewColumns") (param $a i32) (param $b i32) (param $out i32) (param $sums i32)
        (param $m i32) (param $k i32) (param $n i32) (param $out32 i32) (param $blocks i32) (param $count i32)
    (local $i i32) (local $row i32) (local $rowBytes i32) (local $last i32)
    (local.set $rowBytes (i32.shl (local.get $k) (i32.const 3)))
    (local.set $last (i32.add (local.get $a) (i32.mul (i32.sub (local.get $m) (i32.const 1)) (local.get $rowBytes))))
    (block $rows_done (loop $each_group
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      ;; Four rows at once, so four sums' additions overlap; past the last row, repeat it.
      (call $fourRows (local.get $a)
        (call $min (i32.add (local.get $a) (local.get $rowBytes)) (local.get $last))
        (call $min (i32.add (local.get $a) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $last))
        (call $min (i32.add (local.get $a) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $last))
        (local.get $b) (local.get $sums) (local.get $blocks) (local.get $count))
      (local.set $row (i32.const 0))
      (block $group_done (loop $each_row
        (br_if $group_done (i32.or (i32.ge_u (local.get $row) (i32.const 4)) (i32.ge_u (local.get $i) (local.get $m))))
        (local.set $out (call $storeRow (local.get $out) (i32.add (local.get $sums) (i32.shl (local.get $row) (i32.const 5)))
          (local.get $n) (local.get $out32)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each_row)))
      (local.set $a (i32.add (local.get $a) (i32.shl (local.get $rowBytes) (i32.const 2))))
      (br $each_group))))

  ;; The sums of rows a0..a3 of A times B (k × 4), in the blocks at $blocks, into sums (4 × 4).
  (func $fourRows (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32)
        (param $b i32) (param $sums i32) (param $blocks i32) (param $count i32)
    (local $end i32) (local $x v128) (local $b01 v128) (local $b23 v128)
    (local $s001 v128) (local $s023 v128) (local $s101 v128) (local $s123 v128)
    (local $s201 v128) (local $s223 v128) (local $s301 v128) (local $s323 v128)
    ;; B's loads take offsets of 128+ from b − 128: longer encodings that keep the loop's jumps off 32-byte boundaries (scripts/jump-alignment.ts).
    (local.set $b (i32.sub (local.get $b) (i32.const 128)))
    (memory.fill (local.get $sums) (i32.const 0) (i32.const 128))
    (block $blocks_done (loop $each_block
      (br_if $blocks_done (i32.eqz (local.get $count)))
      (local.set $end (i32.add (local.get $b) (i32.shl (i32.load (local.get $blocks)) (i32.const 5))))
      (local.set $s001 (v128.const f64x2 0 0)) (local.set $s023 (v128.const f64x2 0 0))
      (local.set $s101 (v128.const f64x2 0 0)) (local.set $s123 (v128.const f64x2 0 0))
      (local.set $s201 (v128.const f64x2 0 0)) (local.set $s223 (v128.const f64x2 0 0))
      (local.set $s301 (v128.const f64x2 0 0)) (local.set $s323 (v128.const f64x2 0 0))
      (block $terms_done (loop $each_term
        (br_if $terms_done (i32.ge_u (local.get $b) (local.get $end)))
        (local.set $b01 (v128.load offset=128 (local.get $b)))
        (local.set $b23 (v128.load offset=144 (local.get $b)))
        (local.set $x (v128.load64_splat (local.get $a0)))
        (local.set $s001 (f64x2.add (local.get $s001) (f64x2.mul (local.get $x) (local.get $b01))))
        (local.set $s023 (f64x2.add (local.get $s023) (f64x2.mul (local.get $x) (local.get $b23))))
        (local.set $x (v128.load64_splat (local.get $a1)))
        (local.set $s101 (f64x2.add (local.get $s101) (f64x2.mul (local.get $x) (local.get $b01))))
        (local.set $s123 (f64x2.add (local.get $s123) (f64x2.mul (local.get $x) (local.get $b23))))
        (local.set $x (v128.load64_splat (local.get $a2)))
        (local.set $s201 (f64x2.add (local.get $s201) (f64x2.mul (local.get $x) (local.get $b01))))
        (local.set $s223 (f64x2.add (local.get $s223) (f64x2.mul (local.get $x) (local.get $b23))))
        (local.set $x (v128.load64_splat (local.get $a3)))
        (local.set $s301 (f64x2.add (local.get $s301) (f64x2.mul (local.get $x) (local.get $b01))))
        (local.set $s323 (f64x2.add (local.get $s323) (f64x2.mul (local.get $x) (local.get $b23))))
        (local.set $a0 (i32.add (local.get $a0) (i32.const 8)))
        (local.set $a1 (i32.add (local.get $a1) (i32.const 8)))
        (local.set $a2 (i32.add (local.get $a2) (i32.const 8)))
        (local.set $a3 (i32.add (local.get $a3) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $each_term)))
      ;; The block's sums join the totals (+0 + s = s for the first: a sum from +0 is never −0).
      (call $addTo (i32.add (local.get $sums) (i32.const 0)) (local.get $s001) (local.get $s023))
      (call $addTo (i32.add (local.get $sums) (i32.const 32)) (local.get $s101) (local.get $s123))
      (call $addTo (i32.add (local.get $sums) (i32.const 64)) (local.get $s201) (local.get $s223))
      (call $addTo (i32.add (local.get $sums) (i32.const 96)) (local.get $s301) (local.get $s323))
      (local.set $blocks (i32.add (local.get $blocks) (i32.const 4)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br $each_block))))

  ;; totals += sums, float64s over $bytes bytes: a block's sums join the totals (+0 + s = s for
  ;; the first block: a sum from +0 is never −0).
  (func $addSums (param $totals i32) (param $sums i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $totals) (local.get $bytes)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $totals) (local.get $end)))
      (v128.store (local.get $totals) (f64x2.add (v128.load (local.get $totals)) (v128.load (local.get $sums))))
      (local.set $sums (i32.add (local.get $sums) (i32.const 16)))
      (local.set $totals (i32.add (local.get $totals) (i32.const 16)))
      (br $each))))

  ;; totals (4 float64 at $at) += s01, s23
  (func $addTo (param $at i32) (param $s01 v128) (param $s23 v128)
    (v128.store (local.get $at) (f64x2.add (v128.load (local.get $at)) (local.get $s01)))
    (v128.store offset=16 (local.get $at) (f64x2.add (v128.load offset=16 (local.get $at)) (local.get $s23))))

  ;; Stores the first n ≤ 4 of the float64 sums at $sums into out (float32, rounded, when $out32
  ;; is 1); returns the address after them.
  (func $storeRow (param $out i32) (param $sums i32) (param $n i32) (param $out32 i32) (result i32)
    (local $j i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $j) (local.get $n)))
      (if (local.get $out32)
        (then
          (f32.store (local.get $out) (f32.demote_f64 (f64.load (local.get $sums))))
          (local.set $out (i32.add (local.get $out) (i32.const 4))))
        (else
          (f64.store (local.get $out) (f64.load (local.get $sums)))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))
      (local.set $sums (i32.add (local.get $sums) (i32.const 8)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $each)))
    (local.get $out))

  ;; the smaller of two addresses
  (func $min (param $x i32) (param $y i32) (result i32)
    (select (local.get $x) (local.get $y) (i32.lt_u (local.get $x) (local.get $y))))

  ;; out (m × n) = Aᵀ · B for n ≤ 4, A stored k × m (the large side): as fewColumns, but A is read
  ;; in order, a row p of it adding term p to every output's sum. The sums (m × 4) wait in memory at
  ;; $sums, each block's added into the totals at $totals (m × 4) when the block is done.
  (func (export "fewColumnsTransposed") (param $a i32) (param $b i32) (param $out i32) (param $sums i32) (param $totals i32)
        (param $m i32) (param $n i32) (param $out32 i32) (param $blocks i32) (param $count i32)
    (local $rowBytes i32) (local $sumsBytes i32) (local $end i32) (local $i i32)
    (local.set $rowBytes (i32.shl (local.get $m) (i32.const 3)))
    (local.set $sumsBytes (i32.shl (local.get $m) (i32.const 5)))
    (memory.fill (local.get $totals) (i32.const 0) (local.get $sumsBytes))
    (block $blocks_done (loop $each_block
      (br_if $blocks_done (i32.eqz (local.get $count)))
      (local.set $end (i32.add (local.get $b) (i32.shl (i32.load (local.get $blocks)) (i32.const 5))))
      (memory.fill (local.get $sums) (i32.const 0) (local.get $sumsBytes))
      ;; Four terms per pass over the sums, so each is loaded and stored once per four terms.
      (block $fours_done (loop $each_four
        (br_if $fours_done (i32.gt_u (i32.add (local.get $b) (i32.const 128)) (local.get $end)))
        (call $fourTerms (local.get $a) (local.get $rowBytes) (local.get $b) (local.get $sums) (local.get $m))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $rowBytes) (i32.const 2))))
        (local.set $b (i32.add (local.get $b) (i32.const 128)))
        (br $each_four)))
      (block $terms_done (loop $each_term
        (br_if $terms_done (i32.ge_u (local.get $b) (local.get $end)))
        (call $oneTerm (local.get $a) (local.get $b) (local.get $sums) (local.get $m))
        (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $each_term)))
      (call $addSums (local.get $totals) (local.get $sums) (local.get $sumsBytes))
      (local.set $blocks (i32.add (local.get $blocks) (i32.const 4)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br $each_block)))
    (block $rows_done (loop $each_row
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $out (call $storeRow (local.get $out) (local.get $totals) (local.get $n) (local.get $out32)))
      (local.set $totals (i32.add (local.get $totals) (i32.const 32)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; sums (m × 4) += terms p .. p + 3: the rows of A at $a, $rowBytes apart, times the rows of B at $b.
  (func $fourTerms (param $a i32) (param $rowBytes i32) (param $b i32) (param $sums i32) (param $m i32)
    (local $end i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $x v128) (local $s v128) (local $t v128)
    (local $b001 v128) (local $b023 v128) (local $b101 v128) (local $b123 v128)
    (local $b201 v128) (local $b223 v128) (local $b301 v128) (local $b323 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $rowBytes)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $rowBytes)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $rowBytes)))
    (local.set $b001 (v128.load (local.get $b))) (local.set $b023 (v128.load offset=16 (local.get $b)))
    (local.set $b101 (v128.load offset=32 (local.get $b))) (local.set $b123 (v128.load offset=48 (local.get $b)))
    (local.set $b201 (v128.load offset=64 (local.get $b))) (local.set $b223 (v128.load offset=80 (local.get $b)))
    (local.set $b301 (v128.load offset=96 (local.get $b))) (local.set $b323 (v128.load offset=112 (local.get $b)))
    (local.set $end (i32.add (local.get $sums) (i32.shl (local.get $m) (i32.const 5))))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $sums) (local.get $end)))
      (local.set $s (v128.load (local.get $sums)))
      (local.set $t (v128.load offset=16 (local.get $sums)))
      (local.set $x (v128.load64_splat (local.get $a)))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x) (local.get $b001))))
      (local.set $t (f64x2.add (local.get $t) (f64x2.mul (local.get $x) (local.get $b023))))
      (local.set $x (v128.load64_splat (local.get $a1)))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x) (local.get $b101))))
      (local.set $t (f64x2.add (local.get $t) (f64x2.mul (local.get $x) (local.get $b123))))
      (local.set $x (v128.load64_splat (local.get $a2)))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x) (local.get $b201))))
      (local.set $t (f64x2.add (local.get $t) (f64x2.mul (local.get $x) (local.get $b223))))
      (local.set $x (v128.load64_splat (local.get $a3)))
      (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $x) (local.get $b301))))
      (local.set $t (f64x2.add (local.get $t) (f64x2.mul (local.get $x) (local.get $b323))))
      (v128.store (local.get $sums) (local.get $s))
      (v128.store offset=16 (local.get $sums) (local.get $t))
      (local.set $a (i32.add (local.get $a) (i32.const 8)))
      (local.set $a1 (i32.add (local.get $a1) (i32.const 8)))
      (local.set $a2 (i32.add (local.get $a2) (i32.const 8)))
      (local.set $a3 (i32.add (local.get $a3) (i32.const 8)))
      (local.set $sums (i32.add (local.get $sums) (i32.const 32)))
      (br $each_row))))

    ;; sums (m × 4) += x·b (one term), x the m values at ap.
  (func $oneTerm (param $ap i32) (param $b i32) (param $sums i32) (param $m i32)
    (local $end i32) (local $x v128) (local $b01 v128) (local $b23 v128)
    (local.set $b01 (v128.load (local.get $b)))
    (local.set $b23 (v128.load offset=16 (local.get $b)))
    (local.set $end (i32.add (local.get $sums) (i32.shl (local.get $m) (i32.const 5))))
    (block $done (loop $each_row
      (br_if $done (i32.ge_u (local.get $sums) (local.get $end)))
      (local.set $x (v128.load64_splat (local.get $ap)))
      (v128.store (local.get $sums) (f64x2.add (v128.load (local.get $sums)) (f64x2.mul (local.get $x) (local.get $b01))))
      (v128.store offset=16 (local.get $sums) (f64x2.add (v128.load offset=16 (local.get $sums)) (f64x2.mul (local.get $x) (local.get $b23))))
      (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
      (local.set $sums (i32.add (local.get $sums) (i32.const 32)))
      (br $each_row))))

  ;; out (m × n) = A (m × k) · B (k × n) for m ≤ 4 rows of output, B the large side: B float64
  ;; row-major with its rows padded to an even length w, read once, in order; A float64 stored
  ;; k × m (a term's m values together); out as in fewTerms. The sums wait in memory at $sums by
  ;; pairs of columns (64 bytes a pair: its sums for rows 0, 1, 2, 3), so a pair of B, loaded
  ;; once, serves every row; each block's sums join the totals at $totals (same layout) when done.
  (func (export "fewRows") (param $a i32) (param $b i32) (param $out i32) (param $sums i32) (param $totals i32)
        (param $m i32) (param $n i32) (param $w i32) (param $out32 i32) (param $blocks i32) (param $count i32)
    (local $rowBytes i32) (local $term i32) (local $sumsBytes i32) (local $end i32) (local $two i32)
    (local $i i32) (local $j i32) (local $tp i32)
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 3)))
    (local.set $term (i32.shl (local.get $m) (i32.const 3)))
    (local.set $sumsBytes (i32.shl (local.get $w) (i32.const 5)))
    (memory.fill (local.get $totals) (i32.const 0) (local.get $sumsBytes))
    (block $blocks_done (loop $each_block
      (br_if $blocks_done (i32.eqz (local.get $count)))
      (local.set $end (i32.add (local.get $a) (i32.mul (i32.load (local.get $blocks)) (local.get $term))))
      (memory.fill (local.get $sums) (i32.const 0) (local.get $sumsBytes))
      ;; Two terms per pass over the sums (one for a lone last term: then the second is not read).
      (block $terms_done (loop $each_term
        (br_if $terms_done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $two (i32.lt_u (i32.add (local.get $a) (local.get $term)) (local.get $end)))
        (call $rowTerms (local.get $a) (select (i32.add (local.get $a) (local.get $term)) (local.get $a) (local.get $two))
          (local.get $b) (select (i32.add (local.get $b) (local.get $rowBytes)) (local.get $b) (local.get $two))
          (local.get $sums) (local.get $m) (local.get $w) (local.get $two))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $term) (local.get $two))))
        (local.set $b (i32.add (local.get $b) (i32.shl (local.get $rowBytes) (local.get $two))))
        (br $each_term)))
      (call $addSums (local.get $totals) (local.get $sums) (local.get $sumsBytes))
      (local.set $blocks (i32.add (local.get $blocks) (i32.const 4)))
      (local.set $count (i32.sub (local.get $count) (i32.const 1)))
      (br $each_block)))
    ;; out(i, j) = totals at pair j / 2, row i, lane j mod 2
    (block $rows_done (loop $each_row
      (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $j (i32.const 0))
      (block $row_done (loop $each_column
        (br_if $row_done (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $tp (i32.add (local.get $totals) (i32.add (i32.shl (i32.shr_u (local.get $j) (i32.const 1)) (i32.const 6))
          (i32.add (i32.shl (local.get $i) (i32.const 4)) (i32.shl (i32.and (local.get $j) (i32.const 1)) (i32.const 3))))))
        (if (local.get $out32)
          (then
            (f32.store (local.get $out) (f32.demote_f64 (f64.load (local.get $tp))))
            (local.set $out (i32.add (local.get $out) (i32.const 4))))
          (else
            (f64.store (local.get $out) (f64.load (local.get $tp)))
            (local.set $out (i32.add (local.get $out) (i32.const 8)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each_column)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each_row))))

  ;; The sums by pairs of columns (at $sums, 64 bytes a pair) += term p: the m ≤ 4 values at $ap
  ;; times the row of B at $bp (w wide); then, when $two is 1, the same for term p + 1 ($aq, $bq).
  (func $rowTerms (param $ap i32) (param $aq i32) (param $bp i32) (param $bq i32) (param $sums i32)
        (param $m i32) (param $w i32) (param $two i32)
    (local $end i32) (local $p v128) (local $q v128)
    (local $xp0 v128) (local $xp1 v128) (local $xp2 v128) (local $xp3 v128)
    (local $xq0 v128) (local $xq1 v128) (local $xq2 v128) (local $xq3 v128)
    ;; The sums' loads and stores take offsets of 16+ from sums − 16: longer encodings that keep the loop's jumps off 32-byte boundaries (scripts/jump-alignment.ts).
    (local.set $sums (i32.sub (local.get $sums) (i32.const 16)))
    (local.set $xp0 (v128.load64_splat (local.get $ap)))
    (local.set $xq0 (v128.load64_splat (local.get $aq)))
    (if (i32.gt_u (local.get $m) (i32.const 1)) (then
      (local.set $xp1 (v128.load64_splat offset=8 (local.get $ap)))
      (local.set $xq1 (v128.load64_splat offset=8 (local.get $aq)))))
    (if (i32.gt_u (local.get $m) (i32.const 2)) (then
      (local.set $xp2 (v128.load64_splat offset=16 (local.get $ap)))
      (local.set $xq2 (v128.load64_splat offset=16 (local.get $aq)))))
    (if (i32.gt_u (local.get $m) (i32.const 3)) (then
      (local.set $xp3 (v128.load64_splat offset=24 (local.get $ap)))
      (local.set $xq3 (v128.load64_splat offset=24 (local.get $aq)))))
    (local.set $end (i32.add (local.get $bp) (i32.shl (local.get $w) (i32.const 3))))
    (block $done (loop $each_pair
      (br_if $done (i32.ge_u (local.get $bp) (local.get $end)))
      (local.set $p (v128.load (local.get $bp)))
      (local.set $q (v128.load (local.get $bq)))
      (if (local.get $two)
        (then
          (v128.store offset=16 (local.get $sums) (f64x2.add (f64x2.add (v128.load offset=16 (local.get $sums))
            (f64x2.mul (local.get $xp0) (local.get $p))) (f64x2.mul (local.get $xq0) (local.get $q))))
          (if (i32.gt_u (local.get $m) (i32.const 1)) (then (v128.store offset=32 (local.get $sums) (f64x2.add (f64x2.add (v128.load offset=32 (local.get $sums))
            (f64x2.mul (local.get $xp1) (local.get $p))) (f64x2.mul (local.get $xq1) (local.get $q))))))
          (if (i32.gt_u (local.get $m) (i32.const 2)) (then (v128.store offset=48 (local.get $sums) (f64x2.add (f64x2.add (v128.load offset=48 (local.get $sums))
            (f64x2.mul (local.get $xp2) (local.get $p))) (f64x2.mul (local.get $xq2) (local.get $q))))))
          (if (i32.gt_u (local.get $m) (i32.const 3)) (then (v128.store offset=64 (local.get $sums) (f64x2.add (f64x2.add (v128.load offset=64 (local.get $sums))
            (f64x2.mul (local.get $xp3) (local.get $p))) (f64x2.mul (local.get $xq3) (local.get $q)))))))
        (else
          (v128.store offset=16 (local.get $sums) (f64x2.add (v128.load offset=16 (local.get $sums)) (f64x2.mul (local.get $xp0) (local.get $p))))
          (if (i32.gt_u (local.get $m) (i32.const 1)) (then (v128.store offset=32 (local.get $sums) (f64x2.add (v128.load offset=32 (local.get $sums)) (f64x2.mul (local.get $xp1) (local.get $p))))))
          (if (i32.gt_u (local.get $m) (i32.const 2)) (then (v128.store offset=48 (local.get $sums) (f64x2.add (v128.load offset=48 (local.get $sums)) (f64x2.mul (local.get $xp2) (local.get $p))))))
          (if (i32.gt_u (local.get $m) (i32.const 3)) (then (v128.store offset=64 (local.get $sums) (f64x2.add (v128.load offset=64 (local.get $sums)) (f64x2.mul (local.get $xp3) (local.get $p))))))))
      (local.set $bp (i32.add (local.get $bp) (i32.const 16)))
      (local.set $bq (i32.add (local.get $bq) (i32.const 16)))
      (local.set $sums (i32.add (local.get $sums) (i32.const 64)))
      (br $each_pair))))
)
