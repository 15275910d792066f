;; Float64 SIMD kernels for the dense linear algebra (SVD, symmetric eigendecomposition, matrix products).
;;
;; Every pointer is a byte offset into the imported memory and every stride is in bytes; vectors are float64. The
;; loops run two doubles per f64x2 lane pair and finish odd lengths with a scalar step. Rotations use the convention
;;   x' = c x + s y,   y' = c y - s x.
(module
  (import "env" "memory" (memory 1))

  ;; y[0..n) += alpha x[0..n)
  (func $axpy (export "axpy") (param $y i32) (param $x i32) (param $n i32) (param $alpha f64)
    (local $end i32) (local $end2 i32) (local $va v128)
    (local.set $va (f64x2.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $y) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $y) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $y) (local.get $end2)))
        (v128.store (local.get $y)
          (f64x2.add (v128.load (local.get $y)) (f64x2.mul (local.get $va) (v128.load (local.get $x)))))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (br $next)))
    (if (i32.lt_u (local.get $y) (local.get $end))
      (then
        (f64.store (local.get $y)
          (f64.add (f64.load (local.get $y)) (f64.mul (local.get $alpha) (f64.load (local.get $x))))))))

  ;; sum x[i] y[i], four doubles per step in two independent accumulators
  (func $dot (export "dot") (param $x i32) (param $y i32) (param $n i32) (result f64)
    (local $end i32) (local $end4 i32) (local $s0 v128) (local $s1 v128) (local $t f64)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end4 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end4)))
        (local.set $s0 (f64x2.add (local.get $s0)
          (f64x2.mul (v128.load (local.get $x)) (v128.load (local.get $y)))))
        (local.set $s1 (f64x2.add (local.get $s1)
          (f64x2.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (local.set $y (i32.add (local.get $y) (i32.const 32)))
        (br $next)))
    (local.set $s0 (f64x2.add (local.get $s0) (local.get $s1)))
    (local.set $t (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $t (f64.add (local.get $t) (f64.mul (f64.load (local.get $x)) (f64.load (local.get $y)))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $y (i32.add (local.get $y) (i32.const 8)))
        (br $tail)))
    (local.get $t))

  ;; w[0..cols) += sum_i v[i] A[i, 0..cols)
  (func (export "gemv_t") (param $a i32) (param $lda i32) (param $rows i32) (param $cols i32) (param $v i32) (param $w i32)
    (local $i i32) (local $vi f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $vi (f64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3)))))
        (if (f64.ne (local.get $vi) (f64.const 0))
          (then (call $axpy (local.get $w) (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda)))
            (local.get $cols) (local.get $vi))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; A[i, 0..cols) += alpha x[i] y[0..cols)
  (func (export "rank1") (param $a i32) (param $lda i32) (param $rows i32) (param $cols i32) (param $x i32) (param $y i32) (param $alpha f64)
    (local $i i32) (local $f f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $f (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))))
        (if (f64.ne (local.get $f) (f64.const 0))
          (then (call $axpy (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))) (local.get $y)
            (local.get $cols) (local.get $f))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; every row of A: row -= beta (row . v) v   (a reflector applied from the right)
  (func (export "reflect_rows") (param $a i32) (param $lda i32) (param $rows i32) (param $cols i32) (param $v i32) (param $beta f64)
    (local $i i32) (local $row i32) (local $s f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $row (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $s (f64.mul (local.get $beta) (call $dot (local.get $row) (local.get $v) (local.get $cols))))
        (if (f64.ne (local.get $s) (f64.const 0))
          (then (call $axpy (local.get $row) (local.get $v) (local.get $cols) (f64.neg (local.get $s)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Every row i of A: row += alpha x[i] w (a left reflector's rank-1 update), then row -= beta (row . v) v (a right
  ;; reflector), while the row is still in the L1 cache: one trip through memory for both halves of a bidiagonal step.
  (func (export "left_right_rows") (param $a i32) (param $lda i32) (param $rows i32) (param $cols i32)
    (param $x i32) (param $w i32) (param $alpha f64) (param $v i32) (param $beta f64)
    (local $i i32) (local $row i32) (local $f f64) (local $s f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $rows)))
        (local.set $row (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $f (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))))
        (if (f64.ne (local.get $f) (f64.const 0))
          (then (call $axpy (local.get $row) (local.get $w) (local.get $cols) (local.get $f))))
        (local.set $s (f64.mul (local.get $beta) (call $dot (local.get $row) (local.get $v) (local.get $cols))))
        (if (f64.ne (local.get $s) (f64.const 0))
          (then (call $axpy (local.get $row) (local.get $v) (local.get $cols) (f64.neg (local.get $s)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; p += S v for the symmetric n x n matrix S stored in the lower triangle of A: row i contributes
  ;; sum_{j<i} a_ij v_j to p_i and a_ij v_i to every p_j, in one pass over the row.
  (func (export "symv_lower") (param $a i32) (param $lda i32) (param $n i32) (param $v i32) (param $p i32)
    (local $i i32) (local $row i32) (local $vi f64) (local $vvi v128) (local $acc v128) (local $j i32) (local $j2 i32)
    (local $x v128) (local $off i32) (local $sum f64) (local $aij f64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $vi (f64.load (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $vvi (f64x2.splat (local.get $vi)))
        (local.set $acc (v128.const i64x2 0 0))
        (local.set $j (i32.const 0))
        (local.set $j2 (i32.and (local.get $i) (i32.const -2)))
        (block $vdone
          (loop $vnext
            (br_if $vdone (i32.ge_u (local.get $j) (local.get $j2)))
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (local.set $x (v128.load (i32.add (local.get $row) (local.get $off))))
            (local.set $acc (f64x2.add (local.get $acc)
              (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $v) (local.get $off))))))
            (v128.store (i32.add (local.get $p) (local.get $off))
              (f64x2.add (v128.load (i32.add (local.get $p) (local.get $off))) (f64x2.mul (local.get $x) (local.get $vvi))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $vnext)))
        (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        (if (i32.lt_u (local.get $j) (local.get $i))
          (then
            (local.set $off (i32.shl (local.get $j) (i32.const 3)))
            (local.set $aij (f64.load (i32.add (local.get $row) (local.get $off))))
            (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $aij) (f64.load (i32.add (local.get $v) (local.get $off))))))
            (f64.store (i32.add (local.get $p) (local.get $off))
              (f64.add (f64.load (i32.add (local.get $p) (local.get $off))) (f64.mul (local.get $aij) (local.get $vi))))))
        (local.set $off (i32.shl (local.get $i) (i32.const 3)))
        (f64.store (i32.add (local.get $p) (local.get $off))
          (f64.add (f64.load (i32.add (local.get $p) (local.get $off)))
            (f64.add (local.get $sum) (f64.mul (f64.load (i32.add (local.get $row) (local.get $off))) (local.get $vi)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; lower triangle of A (n x n) -= v w^T + w v^T
  (func (export "syr2_lower") (param $a i32) (param $lda i32) (param $n i32) (param $v i32) (param $w i32)
    (local $i i32) (local $row i32) (local $vi v128) (local $wi v128) (local $j i32) (local $end i32) (local $end2 i32)
    (local $off i32) (local $len i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $vi (v128.load64_splat (i32.add (local.get $v) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $wi (v128.load64_splat (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $len (i32.add (local.get $i) (i32.const 1)))
        (local.set $end (i32.shl (local.get $len) (i32.const 3)))
        (local.set $end2 (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3)))
        (local.set $off (i32.const 0))
        (block $vdone
          (loop $vnext
            (br_if $vdone (i32.ge_u (local.get $off) (local.get $end2)))
            (v128.store (i32.add (local.get $row) (local.get $off))
              (f64x2.sub (v128.load (i32.add (local.get $row) (local.get $off)))
                (f64x2.add
                  (f64x2.mul (local.get $vi) (v128.load (i32.add (local.get $w) (local.get $off))))
                  (f64x2.mul (local.get $wi) (v128.load (i32.add (local.get $v) (local.get $off)))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (br $vnext)))
        (if (i32.lt_u (local.get $off) (local.get $end))
          (then
            (f64.store (i32.add (local.get $row) (local.get $off))
              (f64.sub (f64.load (i32.add (local.get $row) (local.get $off)))
                (f64.add
                  (f64.mul (f64x2.extract_lane 0 (local.get $vi)) (f64.load (i32.add (local.get $w) (local.get $off))))
                  (f64.mul (f64x2.extract_lane 0 (local.get $wi)) (f64.load (i32.add (local.get $v) (local.get $off)))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; one rotation of rows x and y (n doubles each)
  (func $rot (export "rot") (param $x i32) (param $y i32) (param $n i32) (param $c f64) (param $s f64)
    (local $end i32) (local $end2 i32) (local $vc v128) (local $vs v128) (local $a v128) (local $b v128)
    (local $sa f64) (local $sb f64)
    (local.set $vc (f64x2.splat (local.get $c)))
    (local.set $vs (f64x2.splat (local.get $s)))
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $x) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $x) (local.get $end2)))
        (local.set $a (v128.load (local.get $x)))
        (local.set $b (v128.load (local.get $y)))
        (v128.store (local.get $x) (f64x2.add (f64x2.mul (local.get $vc) (local.get $a)) (f64x2.mul (local.get $vs) (local.get $b))))
        (v128.store (local.get $y) (f64x2.sub (f64x2.mul (local.get $vc) (local.get $b)) (f64x2.mul (local.get $vs) (local.get $a))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $next)))
    (if (i32.lt_u (local.get $x) (local.get $end))
      (then
        (local.set $sa (f64.load (local.get $x)))
        (local.set $sb (f64.load (local.get $y)))
        (f64.store (local.get $x) (f64.add (f64.mul (local.get $c) (local.get $sa)) (f64.mul (local.get $s) (local.get $sb))))
        (f64.store (local.get $y) (f64.sub (f64.mul (local.get $c) (local.get $sb)) (f64.mul (local.get $s) (local.get $sa)))))))

;; Four consecutive rotations of an ascending chain in one pass over five rows r0..r4: (c[0], s[0]) on (r0, r1),
  ;; then (c[1], s[1]) on (r1, r2), and so on. The row between two rotations stays in a register, so each element
  ;; is loaded and stored once for four rotations.
  (func $rot4asc (param $r0 i32) (param $ld i32) (param $n i32) (param $cs i32) (param $sn i32)
    (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $r4 i32) (local $end i32) (local $end2 i32)
    (local $c0 v128) (local $s0 v128) (local $c1 v128) (local $s1 v128)
    (local $c2 v128) (local $s2 v128) (local $c3 v128) (local $s3 v128)
    (local $a v128) (local $b v128)
    (local.set $r1 (i32.add (local.get $r0) (local.get $ld)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $ld)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $ld)))
    (local.set $r4 (i32.add (local.get $r3) (local.get $ld)))
    (local.set $c0 (v128.load64_splat (local.get $cs)))
    (local.set $s0 (v128.load64_splat (local.get $sn)))
    (local.set $c1 (v128.load64_splat offset=8 (local.get $cs)))
    (local.set $s1 (v128.load64_splat offset=8 (local.get $sn)))
    (local.set $c2 (v128.load64_splat offset=16 (local.get $cs)))
    (local.set $s2 (v128.load64_splat offset=16 (local.get $sn)))
    (local.set $c3 (v128.load64_splat offset=24 (local.get $cs)))
    (local.set $s3 (v128.load64_splat offset=24 (local.get $sn)))
    (local.set $end (i32.add (local.get $r0) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $r0) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r0) (local.get $end2)))
        (local.set $a (v128.load (local.get $r0)))
        (local.set $b (v128.load (local.get $r1)))
        (v128.store (local.get $r0) (f64x2.add (f64x2.mul (local.get $c0) (local.get $a)) (f64x2.mul (local.get $s0) (local.get $b))))
        (local.set $a (f64x2.sub (f64x2.mul (local.get $c0) (local.get $b)) (f64x2.mul (local.get $s0) (local.get $a))))
        (local.set $b (v128.load (local.get $r2)))
        (v128.store (local.get $r1) (f64x2.add (f64x2.mul (local.get $c1) (local.get $a)) (f64x2.mul (local.get $s1) (local.get $b))))
        (local.set $a (f64x2.sub (f64x2.mul (local.get $c1) (local.get $b)) (f64x2.mul (local.get $s1) (local.get $a))))
        (local.set $b (v128.load (local.get $r3)))
        (v128.store (local.get $r2) (f64x2.add (f64x2.mul (local.get $c2) (local.get $a)) (f64x2.mul (local.get $s2) (local.get $b))))
        (local.set $a (f64x2.sub (f64x2.mul (local.get $c2) (local.get $b)) (f64x2.mul (local.get $s2) (local.get $a))))
        (local.set $b (v128.load (local.get $r4)))
        (v128.store (local.get $r3) (f64x2.add (f64x2.mul (local.get $c3) (local.get $a)) (f64x2.mul (local.get $s3) (local.get $b))))
        (v128.store (local.get $r4) (f64x2.sub (f64x2.mul (local.get $c3) (local.get $b)) (f64x2.mul (local.get $s3) (local.get $a))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
        (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
        (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
        (local.set $r4 (i32.add (local.get $r4) (i32.const 16)))
        (br $next)))
    ;; An odd last column: the same four rotations, one lane wide.
    (if (i32.lt_u (local.get $r0) (local.get $end))
      (then
        (local.set $a (v128.load64_zero (local.get $r0)))
        (local.set $b (v128.load64_zero (local.get $r1)))
        (v128.store64_lane 0 (local.get $r0) (f64x2.add (f64x2.mul (local.get $c0) (local.get $a)) (f64x2.mul (local.get $s0) (local.get $b))))
        (local.set $a (f64x2.sub (f64x2.mul (local.get $c0) (local.get $b)) (f64x2.mul (local.get $s0) (local.get $a))))
        (local.set $b (v128.load64_zero (local.get $r2)))
        (v128.store64_lane 0 (local.get $r1) (f64x2.add (f64x2.mul (local.get $c1) (local.get $a)) (f64x2.mul (local.get $s1) (local.get $b))))
        (local.set $a (f64x2.sub (f64x2.mul (local.get $c1) (local.get $b)) (f64x2.mul (local.get $s1) (local.get $a))))
        (local.set $b (v128.load64_zero (local.get $r3)))
        (v128.store64_lane 0 (local.get $r2) (f64x2.add (f64x2.mul (local.get $c2) (local.get $a)) (f64x2.mul (local.get $s2) (local.get $b))))
        (local.set $a (f64x2.sub (f64x2.mul (local.get $c2) (local.get $b)) (f64x2.mul (local.get $s2) (local.get $a))))
        (local.set $b (v128.load64_zero (local.get $r4)))
        (v128.store64_lane 0 (local.get $r3) (f64x2.add (f64x2.mul (local.get $c3) (local.get $a)) (f64x2.mul (local.get $s3) (local.get $b))))
        (v128.store64_lane 0 (local.get $r4) (f64x2.sub (f64x2.mul (local.get $c3) (local.get $b)) (f64x2.mul (local.get $s3) (local.get $a)))))))

  ;; Four consecutive rotations of a descending chain in one pass over five rows r0..r4: (c[3], s[3]) on (r3, r4)
  ;; first, then (c[2], s[2]) on (r2, r3), down to (c[0], s[0]) on (r0, r1).
  (func $rot4desc (param $r0 i32) (param $ld i32) (param $n i32) (param $cs i32) (param $sn i32)
    (local $r1 i32) (local $r2 i32) (local $r3 i32) (local $r4 i32) (local $end i32) (local $end2 i32)
    (local $c0 v128) (local $s0 v128) (local $c1 v128) (local $s1 v128)
    (local $c2 v128) (local $s2 v128) (local $c3 v128) (local $s3 v128)
    (local $a v128) (local $b v128)
    (local.set $r1 (i32.add (local.get $r0) (local.get $ld)))
    (local.set $r2 (i32.add (local.get $r1) (local.get $ld)))
    (local.set $r3 (i32.add (local.get $r2) (local.get $ld)))
    (local.set $r4 (i32.add (local.get $r3) (local.get $ld)))
    (local.set $c0 (v128.load64_splat (local.get $cs)))
    (local.set $s0 (v128.load64_splat (local.get $sn)))
    (local.set $c1 (v128.load64_splat offset=8 (local.get $cs)))
    (local.set $s1 (v128.load64_splat offset=8 (local.get $sn)))
    (local.set $c2 (v128.load64_splat offset=16 (local.get $cs)))
    (local.set $s2 (v128.load64_splat offset=16 (local.get $sn)))
    (local.set $c3 (v128.load64_splat offset=24 (local.get $cs)))
    (local.set $s3 (v128.load64_splat offset=24 (local.get $sn)))
    (local.set $end (i32.add (local.get $r0) (i32.shl (local.get $n) (i32.const 3))))
    (local.set $end2 (i32.add (local.get $r0) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    ;; $b carries the upper row of the next rotation: x' = c x + s y goes up, y' = c y - s x is stored.
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r0) (local.get $end2)))
        (local.set $a (v128.load (local.get $r3)))
        (local.set $b (v128.load (local.get $r4)))
        (v128.store (local.get $r4) (f64x2.sub (f64x2.mul (local.get $c3) (local.get $b)) (f64x2.mul (local.get $s3) (local.get $a))))
        (local.set $b (f64x2.add (f64x2.mul (local.get $c3) (local.get $a)) (f64x2.mul (local.get $s3) (local.get $b))))
        (local.set $a (v128.load (local.get $r2)))
        (v128.store (local.get $r3) (f64x2.sub (f64x2.mul (local.get $c2) (local.get $b)) (f64x2.mul (local.get $s2) (local.get $a))))
        (local.set $b (f64x2.add (f64x2.mul (local.get $c2) (local.get $a)) (f64x2.mul (local.get $s2) (local.get $b))))
        (local.set $a (v128.load (local.get $r1)))
        (v128.store (local.get $r2) (f64x2.sub (f64x2.mul (local.get $c1) (local.get $b)) (f64x2.mul (local.get $s1) (local.get $a))))
        (local.set $b (f64x2.add (f64x2.mul (local.get $c1) (local.get $a)) (f64x2.mul (local.get $s1) (local.get $b))))
        (local.set $a (v128.load (local.get $r0)))
        (v128.store (local.get $r1) (f64x2.sub (f64x2.mul (local.get $c0) (local.get $b)) (f64x2.mul (local.get $s0) (local.get $a))))
        (v128.store (local.get $r0) (f64x2.add (f64x2.mul (local.get $c0) (local.get $a)) (f64x2.mul (local.get $s0) (local.get $b))))
        (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
        (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
        (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
        (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
        (local.set $r4 (i32.add (local.get $r4) (i32.const 16)))
        (br $next)))
    (if (i32.lt_u (local.get $r0) (local.get $end))
      (then
        (local.set $a (v128.load64_zero (local.get $r3)))
        (local.set $b (v128.load64_zero (local.get $r4)))
        (v128.store64_lane 0 (local.get $r4) (f64x2.sub (f64x2.mul (local.get $c3) (local.get $b)) (f64x2.mul (local.get $s3) (local.get $a))))
        (local.set $b (f64x2.add (f64x2.mul (local.get $c3) (local.get $a)) (f64x2.mul (local.get $s3) (local.get $b))))
        (local.set $a (v128.load64_zero (local.get $r2)))
        (v128.store64_lane 0 (local.get $r3) (f64x2.sub (f64x2.mul (local.get $c2) (local.get $b)) (f64x2.mul (local.get $s2) (local.get $a))))
        (local.set $b (f64x2.add (f64x2.mul (local.get $c2) (local.get $a)) (f64x2.mul (local.get $s2) (local.get $b))))
        (local.set $a (v128.load64_zero (local.get $r1)))
        (v128.store64_lane 0 (local.get $r2) (f64x2.sub (f64x2.mul (local.get $c1) (local.get $b)) (f64x2.mul (local.get $s1) (local.get $a))))
        (local.set $b (f64x2.add (f64x2.mul (local.get $c1) (local.get $a)) (f64x2.mul (local.get $s1) (local.get $b))))
        (local.set $a (v128.load64_zero (local.get $r0)))
        (v128.store64_lane 0 (local.get $r1) (f64x2.sub (f64x2.mul (local.get $c0) (local.get $b)) (f64x2.mul (local.get $s0) (local.get $a))))
        (v128.store64_lane 0 (local.get $r0) (f64x2.add (f64x2.mul (local.get $c0) (local.get $a)) (f64x2.mul (local.get $s0) (local.get $b)))))))

  ;; Rotation i (for lo <= i < hi) acts on rows i and i + 1 of the matrix at $base (row stride $ld, rows of $n
  ;; doubles) with cosine cs[i] and sine sn[i]. $desc = 0 applies them for i = lo, lo + 1, ...; otherwise for
  ;; i = hi - 1, hi - 2, ... Groups of four share one pass over five rows; up to three are left to single passes.
  (func (export "rot_chain") (param $base i32) (param $ld i32) (param $lo i32) (param $hi i32)
    (param $cs i32) (param $sn i32) (param $n i32) (param $desc i32)
    (local $i i32)
    (if (i32.eqz (local.get $desc))
      (then
        (local.set $i (local.get $lo))
        (block $done
          (loop $next
            (br_if $done (i32.gt_s (i32.add (local.get $i) (i32.const 4)) (local.get $hi)))
            (call $rot4asc
              (i32.add (local.get $base) (i32.mul (local.get $i) (local.get $ld)))
              (local.get $ld) (local.get $n)
              (i32.add (local.get $cs) (i32.shl (local.get $i) (i32.const 3)))
              (i32.add (local.get $sn) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $next)))
        (block $done
          (loop $next
            (br_if $done (i32.ge_s (local.get $i) (local.get $hi)))
            (call $rot
              (i32.add (local.get $base) (i32.mul (local.get $i) (local.get $ld)))
              (i32.add (local.get $base) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $ld)))
              (local.get $n)
              (f64.load (i32.add (local.get $cs) (i32.shl (local.get $i) (i32.const 3))))
              (f64.load (i32.add (local.get $sn) (i32.shl (local.get $i) (i32.const 3)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next))))
      (else
        ;; $i is one past the next rotation to apply.
        (local.set $i (local.get $hi))
        (block $done
          (loop $next
            (br_if $done (i32.lt_s (i32.sub (local.get $i) (i32.const 4)) (local.get $lo)))
            (local.set $i (i32.sub (local.get $i) (i32.const 4)))
            (call $rot4desc
              (i32.add (local.get $base) (i32.mul (local.get $i) (local.get $ld)))
              (local.get $ld) (local.get $n)
              (i32.add (local.get $cs) (i32.shl (local.get $i) (i32.const 3)))
              (i32.add (local.get $sn) (i32.shl (local.get $i) (i32.const 3))))
            (br $next)))
        (block $done
          (loop $next
            (br_if $done (i32.le_s (local.get $i) (local.get $lo)))
            (local.set $i (i32.sub (local.get $i) (i32.const 1)))
            (call $rot
              (i32.add (local.get $base) (i32.mul (local.get $i) (local.get $ld)))
              (i32.add (local.get $base) (i32.mul (i32.add (local.get $i) (i32.const 1)) (local.get $ld)))
              (local.get $n)
              (f64.load (i32.add (local.get $cs) (i32.shl (local.get $i) (i32.const 3))))
              (f64.load (i32.add (local.get $sn) (i32.shl (local.get $i) (i32.const 3)))))
            (br $next))))))

;; C += A B for an m x n block of C with m and n multiples of 4. Each 4 x 4 block of C is held in eight
  ;; registers for the whole inner dimension: per step, two loads from a row of B and four broadcasts from A feed
  ;; sixteen multiply-adds, and C is read and written once per call. The caller blocks k so that the k x n panel
  ;; of B stays in L2 while all rows of A pass.
  (func (export "gemm_core") (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32)
    (local $i i32) (local $j i32) (local $rowA i32) (local $rowC i32) (local $cp i32) (local $bp i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $aend i32) (local $jend i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local.set $jend (i32.shl (local.get $n) (i32.const 3)))
    (block $idone
      (loop $inext
        (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $rowA (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $lda))))
        (local.set $rowC (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $j (i32.const 0))
        (block $jdone
          (loop $jnext
            (br_if $jdone (i32.ge_u (local.get $j) (local.get $jend)))
            (local.set $cp (i32.add (local.get $rowC) (local.get $j)))
            (local.set $c00 (v128.load (local.get $cp)))
            (local.set $c01 (v128.load offset=16 (local.get $cp)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (local.set $c10 (v128.load (local.get $cp)))
            (local.set $c11 (v128.load offset=16 (local.get $cp)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (local.set $c20 (v128.load (local.get $cp)))
            (local.set $c21 (v128.load offset=16 (local.get $cp)))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (local.set $c30 (v128.load (local.get $cp)))
            (local.set $c31 (v128.load offset=16 (local.get $cp)))
            (local.set $a0 (local.get $rowA))
            (local.set $a1 (i32.add (local.get $a0) (local.get $lda)))
            (local.set $a2 (i32.add (local.get $a1) (local.get $lda)))
            (local.set $a3 (i32.add (local.get $a2) (local.get $lda)))
            (local.set $aend (i32.add (local.get $a0) (i32.shl (local.get $k) (i32.const 3))))
            (local.set $bp (i32.add (local.get $b) (local.get $j)))
            (block $pdone
              (loop $pnext
                (br_if $pdone (i32.ge_u (local.get $a0) (local.get $aend)))
                (local.set $b0 (v128.load (local.get $bp)))
                (local.set $b1 (v128.load offset=16 (local.get $bp)))
                (local.set $x (v128.load64_splat (local.get $a0)))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load64_splat (local.get $a1)))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load64_splat (local.get $a2)))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $x (v128.load64_splat (local.get $a3)))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $a0 (i32.add (local.get $a0) (i32.const 8)))
                (local.set $a1 (i32.add (local.get $a1) (i32.const 8)))
                (local.set $a2 (i32.add (local.get $a2) (i32.const 8)))
                (local.set $a3 (i32.add (local.get $a3) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $ldb)))
                (br $pnext)))
            (local.set $cp (i32.add (local.get $rowC) (local.get $j)))
            (v128.store (local.get $cp) (local.get $c00))
            (v128.store offset=16 (local.get $cp) (local.get $c01))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $c10))
            (v128.store offset=16 (local.get $cp) (local.get $c11))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $c20))
            (v128.store offset=16 (local.get $cp) (local.get $c21))
            (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
            (v128.store (local.get $cp) (local.get $c30))
            (v128.store offset=16 (local.get $cp) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 32)))
            (br $jnext)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $inext))))
)
