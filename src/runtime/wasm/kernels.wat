;; SIMD kernels for the streaming executor: dtype codecs and the elementwise arithmetic of the hot methods.
;;
;; Every function takes byte offsets into this module's memory and an element count `n`. Loops run 8 elements
;; per iteration with no scalar tail: callers size every region for n rounded up to a multiple of 8, and ignore
;; what lies past n. f32x4 arithmetic is IEEE single precision, so each operation rounds exactly as torch's fp32
;; kernels do (no fused multiply-add is used anywhere).
(module
  (memory (export "memory") 1)

  ;; ---------------------------------------------------------------------------------------------------------
  ;; fp16 <-> fp32

  ;; Eight elements per iteration: one 16-byte load of halves widens into two f32x4 (and two f32x4 narrow into
  ;; one 16-byte store), so every memory access is a full vector.
  (func (export "f16_to_f32") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $raw v128) (local $h v128) (local $em v128) (local $shifted v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $k4 v128)
    (local.set $k0 (i32x4.splat (i32.const 0x7fff)))
    (local.set $k1 (i32x4.splat (i32.const 0x7f800000)))
    (local.set $k2 (f32x4.splat (f32.const 0x1p112)))
    (local.set $k3 (i32x4.splat (i32.const 0x7c00)))
    (local.set $k4 (i32x4.splat (i32.const 0x8000)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $raw (v128.load align=1 (local.get $src)))
        ;; low four: exponent and mantissa moved into place, subnormals scaled by 2^112, inf/NaN given the
        ;; all-ones exponent, then the sign (the body of a helper, inlined: V8 does not inline wasm calls)
        (local.set $h (i32x4.extend_low_i16x8_u (local.get $raw)))
        (local.set $em (v128.and (local.get $h) (local.get $k0)))
        (local.set $shifted (i32x4.shl (local.get $em) (i32.const 13)))
        (v128.store align=1 (local.get $dst)
          (v128.or
            (v128.bitselect
              (v128.or (local.get $shifted) (local.get $k1))
              (f32x4.mul (local.get $shifted) (local.get $k2))
              (i32x4.ge_s (local.get $em) (local.get $k3)))
            (i32x4.shl (v128.and (local.get $h) (local.get $k4)) (i32.const 16))))
        ;; high four, the same
        (local.set $h (i32x4.extend_high_i16x8_u (local.get $raw)))
        (local.set $em (v128.and (local.get $h) (local.get $k0)))
        (local.set $shifted (i32x4.shl (local.get $em) (i32.const 13)))
        (v128.store offset=16 align=1 (local.get $dst)
          (v128.or
            (v128.bitselect
              (v128.or (local.get $shifted) (local.get $k1))
              (f32x4.mul (local.get $shifted) (local.get $k2))
              (i32x4.ge_s (local.get $em) (local.get $k3)))
            (i32x4.shl (v128.and (local.get $h) (local.get $k4)) (i32.const 16))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  (func (export "f32_to_f16") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $f v128) (local $sign v128) (local $a v128) (local $low v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $k4 v128) (local $k5 v128) (local $k6 v128) (local $k7 v128) (local $k8 v128) (local $k9 v128)
    (local.set $k0 (i32x4.splat (i32.const 0x80000000)))
    (local.set $k1 (i32x4.splat (i32.const 0x7e00)))
    (local.set $k2 (i32x4.splat (i32.const 0x7c00)))
    (local.set $k3 (i32x4.splat (i32.const 0x7f800000)))
    (local.set $k4 (f32x4.splat (f32.const 0.5)))
    (local.set $k5 (i32x4.splat (i32.const 0x3f000000)))
    (local.set $k6 (i32x4.splat (i32.const 0xc8000fff)))
    (local.set $k7 (i32x4.splat (i32.const 1)))
    (local.set $k8 (i32x4.splat (i32.const 0x38800000)))
    (local.set $k9 (i32x4.splat (i32.const 0x47800000)))
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        ;; low four: NaN/inf/overflow, subnormals (rounded by an fp32 add of 0.5), normals (rounded to nearest
        ;; even on the bit pattern), then the sign
        (local.set $f (v128.load align=1 (local.get $src)))
        (local.set $sign (v128.and (local.get $f) (local.get $k0)))
        (local.set $a (v128.xor (local.get $f) (local.get $sign)))
        (local.set $low
          (v128.or
            (v128.bitselect
              (v128.bitselect (local.get $k1) (local.get $k2)
                (i32x4.gt_s (local.get $a) (local.get $k3)))
              (v128.bitselect
                (i32x4.sub (f32x4.add (local.get $a) (local.get $k4)) (local.get $k5))
                (i32x4.shr_u
                  (i32x4.add
                    (i32x4.add (local.get $a) (local.get $k6))
                    (v128.and (i32x4.shr_u (local.get $a) (i32.const 13)) (local.get $k7)))
                  (i32.const 13))
                (i32x4.lt_s (local.get $a) (local.get $k8)))
              (i32x4.ge_s (local.get $a) (local.get $k9)))
            (i32x4.shr_u (local.get $sign) (i32.const 16))))
        ;; high four, the same, narrowed with the low four into one store
        (local.set $f (v128.load offset=16 align=1 (local.get $src)))
        (local.set $sign (v128.and (local.get $f) (local.get $k0)))
        (local.set $a (v128.xor (local.get $f) (local.get $sign)))
        (v128.store align=1 (local.get $dst)
          (i16x8.narrow_i32x4_u (local.get $low)
            (v128.or
              (v128.bitselect
                (v128.bitselect (local.get $k1) (local.get $k2)
                  (i32x4.gt_s (local.get $a) (local.get $k3)))
                (v128.bitselect
                  (i32x4.sub (f32x4.add (local.get $a) (local.get $k4)) (local.get $k5))
                  (i32x4.shr_u
                    (i32x4.add
                      (i32x4.add (local.get $a) (local.get $k6))
                      (v128.and (i32x4.shr_u (local.get $a) (i32.const 13)) (local.get $k7)))
                    (i32.const 13))
                  (i32x4.lt_s (local.get $a) (local.get $k8)))
                (i32x4.ge_s (local.get $a) (local.get $k9)))
              (i32x4.shr_u (local.get $sign) (i32.const 16)))))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Fused fp16 elementwise: decode, compute and encode eight elements in registers, no fp32 scratch in memory.
  ;; Each stage is the same code as f16_to_f32, lerp and f32_to_f16 above, so results are bit-identical to them.

  ;; dst = f16(wa * f32(a) + wb * f32(b)), a, b and dst fp16
  (func (export "lerp_f16") (param $pa i32) (param $pb i32) (param $dst i32) (param $n i32) (param $wa f32) (param $wb f32)
    (local $end i32) (local $ra v128) (local $rb v128) (local $h v128) (local $em v128) (local $shifted v128)
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128) (local $lo v128) (local $hi v128)
    (local $f v128) (local $sign v128) (local $a v128) (local $va v128) (local $vb v128)
    (local $d0 v128) (local $d1 v128) (local $d2 v128) (local $d3 v128) (local $d4 v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $k4 v128) (local $k5 v128) (local $k6 v128) (local $k7 v128) (local $k8 v128) (local $k9 v128)
    (local.set $va (f32x4.splat (local.get $wa)))
    (local.set $vb (f32x4.splat (local.get $wb)))
    (local.set $d0 (i32x4.splat (i32.const 0x7fff)))
    (local.set $d1 (i32x4.splat (i32.const 0x7f800000)))
    (local.set $d2 (f32x4.splat (f32.const 0x1p112)))
    (local.set $d3 (i32x4.splat (i32.const 0x7c00)))
    (local.set $d4 (i32x4.splat (i32.const 0x8000)))
    (local.set $k0 (i32x4.splat (i32.const 0x80000000)))
    (local.set $k1 (i32x4.splat (i32.const 0x7e00)))
    (local.set $k2 (i32x4.splat (i32.const 0x7c00)))
    (local.set $k3 (i32x4.splat (i32.const 0x7f800000)))
    (local.set $k4 (f32x4.splat (f32.const 0.5)))
    (local.set $k5 (i32x4.splat (i32.const 0x3f000000)))
    (local.set $k6 (i32x4.splat (i32.const 0xc8000fff)))
    (local.set $k7 (i32x4.splat (i32.const 1)))
    (local.set $k8 (i32x4.splat (i32.const 0x38800000)))
    (local.set $k9 (i32x4.splat (i32.const 0x47800000)))
    (local.set $end (i32.add (local.get $pa) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $pa) (local.get $end)))
        (local.set $ra (v128.load align=1 (local.get $pa)))
        (local.set $rb (v128.load align=1 (local.get $pb)))
        (local.set $h (i32x4.extend_low_i16x8_u (local.get $ra)))
        (local.set $em (v128.and (local.get $h) (local.get $d0)))
        (local.set $shifted (i32x4.shl (local.get $em) (i32.const 13)))
        (local.set $a0
          (v128.or
            (v128.bitselect
              (v128.or (local.get $shifted) (local.get $d1))
              (f32x4.mul (local.get $shifted) (local.get $d2))
              (i32x4.ge_s (local.get $em) (local.get $d3)))
            (i32x4.shl (v128.and (local.get $h) (local.get $d4)) (i32.const 16))))
        (local.set $h (i32x4.extend_high_i16x8_u (local.get $ra)))
        (local.set $em (v128.and (local.get $h) (local.get $d0)))
        (local.set $shifted (i32x4.shl (local.get $em) (i32.const 13)))
        (local.set $a1
          (v128.or
            (v128.bitselect
              (v128.or (local.get $shifted) (local.get $d1))
              (f32x4.mul (local.get $shifted) (local.get $d2))
              (i32x4.ge_s (local.get $em) (local.get $d3)))
            (i32x4.shl (v128.and (local.get $h) (local.get $d4)) (i32.const 16))))
        (local.set $h (i32x4.extend_low_i16x8_u (local.get $rb)))
        (local.set $em (v128.and (local.get $h) (local.get $d0)))
        (local.set $shifted (i32x4.shl (local.get $em) (i32.const 13)))
        (local.set $b0
          (v128.or
            (v128.bitselect
              (v128.or (local.get $shifted) (local.get $d1))
              (f32x4.mul (local.get $shifted) (local.get $d2))
              (i32x4.ge_s (local.get $em) (local.get $d3)))
            (i32x4.shl (v128.and (local.get $h) (local.get $d4)) (i32.const 16))))
        (local.set $h (i32x4.extend_high_i16x8_u (local.get $rb)))
        (local.set $em (v128.and (local.get $h) (local.get $d0)))
        (local.set $shifted (i32x4.shl (local.get $em) (i32.const 13)))
        (local.set $b1
          (v128.or
            (v128.bitselect
              (v128.or (local.get $shifted) (local.get $d1))
              (f32x4.mul (local.get $shifted) (local.get $d2))
              (i32x4.ge_s (local.get $em) (local.get $d3)))
            (i32x4.shl (v128.and (local.get $h) (local.get $d4)) (i32.const 16))))
        (local.set $f (f32x4.add (f32x4.mul (local.get $va) (local.get $a0)) (f32x4.mul (local.get $vb) (local.get $b0))))
        (local.set $sign (v128.and (local.get $f) (local.get $k0)))
        (local.set $a (v128.xor (local.get $f) (local.get $sign)))
        (local.set $lo
          (v128.or
            (v128.bitselect
              (v128.bitselect (local.get $k1) (local.get $k2)
                (i32x4.gt_s (local.get $a) (local.get $k3)))
              (v128.bitselect
                (i32x4.sub (f32x4.add (local.get $a) (local.get $k4)) (local.get $k5))
                (i32x4.shr_u
                  (i32x4.add
                    (i32x4.add (local.get $a) (local.get $k6))
                    (v128.and (i32x4.shr_u (local.get $a) (i32.const 13)) (local.get $k7)))
                  (i32.const 13))
                (i32x4.lt_s (local.get $a) (local.get $k8)))
              (i32x4.ge_s (local.get $a) (local.get $k9)))
            (i32x4.shr_u (local.get $sign) (i32.const 16))))
        (local.set $f (f32x4.add (f32x4.mul (local.get $va) (local.get $a1)) (f32x4.mul (local.get $vb) (local.get $b1))))
        (local.set $sign (v128.and (local.get $f) (local.get $k0)))
        (local.set $a (v128.xor (local.get $f) (local.get $sign)))
        (local.set $hi
          (v128.or
            (v128.bitselect
              (v128.bitselect (local.get $k1) (local.get $k2)
                (i32x4.gt_s (local.get $a) (local.get $k3)))
              (v128.bitselect
                (i32x4.sub (f32x4.add (local.get $a) (local.get $k4)) (local.get $k5))
                (i32x4.shr_u
                  (i32x4.add
                    (i32x4.add (local.get $a) (local.get $k6))
                    (v128.and (i32x4.shr_u (local.get $a) (i32.const 13)) (local.get $k7)))
                  (i32.const 13))
                (i32x4.lt_s (local.get $a) (local.get $k8)))
              (i32x4.ge_s (local.get $a) (local.get $k9)))
            (i32x4.shr_u (local.get $sign) (i32.const 16))))
        (v128.store align=1 (local.get $dst) (i16x8.narrow_i32x4_u (local.get $lo) (local.get $hi)))
        (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
        (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; bf16 <-> fp32

  (func (export "bf16_to_f32") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) (local $h v128)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $h (v128.load align=1 (local.get $src)))
        (v128.store align=1 (local.get $dst) (i32x4.shl (i32x4.extend_low_i16x8_u (local.get $h)) (i32.const 16)))
        (v128.store offset=16 align=1 (local.get $dst) (i32x4.shl (i32x4.extend_high_i16x8_u (local.get $h)) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  ;; Round to nearest even on the bit pattern; NaN becomes the canonical quiet NaN 0x7fc0.
  (func $float4_to_bf16x4 (param $f v128) (result v128)
    (v128.bitselect
      (i32x4.splat (i32.const 0x7fc0))
      (i32x4.shr_u
        (i32x4.add (i32x4.add (local.get $f) (i32x4.splat (i32.const 0x7fff)))
          (v128.and (i32x4.shr_u (local.get $f) (i32.const 16)) (i32x4.splat (i32.const 1))))
        (i32.const 16))
      (f32x4.ne (local.get $f) (local.get $f))))

  (func (export "f32_to_bf16") (param $src i32) (param $dst i32) (param $n i32)
    (local $end i32) 

    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store align=1 (local.get $dst)
          (i16x8.narrow_i32x4_u
            (call $float4_to_bf16x4 (v128.load align=1 (local.get $src)))
            (call $float4_to_bf16x4 (v128.load offset=16 align=1 (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $next))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Elementwise fp32 arithmetic: dst = f(a, b). dst may alias a or b.

  ;; dst = wa * a + wb * b   (weighted_sum as (1 - alpha) * a + alpha * b)
  (func (export "lerp") (param $a i32) (param $b i32) (param $dst i32) (param $n i32) (param $wa f32) (param $wb f32)
    (local $end i32) (local $va v128) (local $vb v128)
    (local.set $va (f32x4.splat (local.get $wa)))
    (local.set $vb (f32x4.splat (local.get $wb)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store align=1 (local.get $dst)
          (f32x4.add (f32x4.mul (local.get $va) (v128.load align=1 (local.get $a)))
                     (f32x4.mul (local.get $vb) (v128.load align=1 (local.get $b)))))
        (v128.store offset=16 align=1 (local.get $dst)
          (f32x4.add (f32x4.mul (local.get $va) (v128.load offset=16 align=1 (local.get $a)))
                     (f32x4.mul (local.get $vb) (v128.load offset=16 align=1 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  ;; dst = a + alpha * b   (add_difference)
  (func (export "axpy") (param $a i32) (param $b i32) (param $dst i32) (param $n i32) (param $alpha f32)
    (local $end i32) (local $vs v128)
    (local.set $vs (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store align=1 (local.get $dst)
          (f32x4.add (v128.load align=1 (local.get $a)) (f32x4.mul (local.get $vs) (v128.load align=1 (local.get $b)))))
        (v128.store offset=16 align=1 (local.get $dst)
          (f32x4.add (v128.load offset=16 align=1 (local.get $a))
                     (f32x4.mul (local.get $vs) (v128.load offset=16 align=1 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  ;; dst = a + b
  (func (export "add") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store align=1 (local.get $dst) (f32x4.add (v128.load align=1 (local.get $a)) (v128.load align=1 (local.get $b))))
        (v128.store offset=16 align=1 (local.get $dst)
          (f32x4.add (v128.load offset=16 align=1 (local.get $a)) (v128.load offset=16 align=1 (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  ;; dst = a - b
  (func (export "sub") (param $a i32) (param $b i32) (param $dst i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store align=1 (local.get $dst) (f32x4.sub (v128.load align=1 (local.get $a)) (v128.load align=1 (local.get $b))))
        (v128.store offset=16 align=1 (local.get $dst)
          (f32x4.sub (v128.load offset=16 align=1 (local.get $a)) (v128.load offset=16 align=1 (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  ;; dst = a * s
  (func (export "scale") (param $a i32) (param $dst i32) (param $n i32) (param $s f32)
    (local $end i32) (local $vs v128)
    (local.set $vs (f32x4.splat (local.get $s)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store align=1 (local.get $dst) (f32x4.mul (v128.load align=1 (local.get $a)) (local.get $vs)))
        (v128.store offset=16 align=1 (local.get $dst) (f32x4.mul (v128.load offset=16 align=1 (local.get $a)) (local.get $vs)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  ;; dst = a / s
  (func (export "divide") (param $a i32) (param $dst i32) (param $n i32) (param $s f32)
    (local $end i32) (local $vs v128)
    (local.set $vs (f32x4.splat (local.get $s)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (v128.store align=1 (local.get $dst) (f32x4.div (v128.load align=1 (local.get $a)) (local.get $vs)))
        (v128.store offset=16 align=1 (local.get $dst) (f32x4.div (v128.load offset=16 align=1 (local.get $a)) (local.get $vs)))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $next))))

  ;; ---------------------------------------------------------------------------------------------------------
  ;; Counting non-finite values (all-ones exponent) in encoded output, exactly n elements (these have a tail).

  ;; 16-bit floats: `mask` is the exponent mask, 0x7c00 for fp16 and 0x7f80 for bf16. Lanes count in 16 bits,
  ;; so n must stay below 8 * 32768.
  (func (export "count_nonfinite16") (param $src i32) (param $n i32) (param $mask i32) (result i32)
    (local $end i32) (local $vend i32) (local $acc v128) (local $vm v128) (local $count i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 1))))
    (local.set $vend (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -8)) (i32.const 1))))
    (local.set $vm (i16x8.splat (local.get $mask)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $vend)))
        ;; each matching lane is -1: subtracting accumulates counts, 8 lanes of at most 2^15 per call chunk
        (local.set $acc (i16x8.sub (local.get $acc)
          (i16x8.eq (v128.and (v128.load align=1 (local.get $src)) (local.get $vm)) (local.get $vm))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $next)))
    (local.set $count (i32x4.extract_lane 0 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1)))))
    (local.set $count (i32.add (local.get $count)
      (i32x4.extract_lane 1 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1))))))
    (local.set $count (i32.add (local.get $count)
      (i32x4.extract_lane 2 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1))))))
    (local.set $count (i32.add (local.get $count)
      (i32x4.extract_lane 3 (i32x4.dot_i16x8_s (local.get $acc) (i16x8.splat (i32.const 1))))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $src) (local.get $end)))
        (if (i32.eq (i32.and (i32.load16_u (local.get $src)) (local.get $mask)) (local.get $mask))
          (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $src (i32.add (local.get $src) (i32.const 2)))
        (br $tail)))
    (local.get $count))

  (func (export "count_nonfinite32") (param $src i32) (param $n i32) (result i32)
    (local $end i32) (local $vend i32) (local $acc v128) (local $vm v128) (local $count i32)
    (local.set $end (i32.add (local.get $src) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $src) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (local.set $vm (i32x4.splat (i32.const 0x7f800000)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $src) (local.get $vend)))
        (local.set $acc (i32x4.sub (local.get $acc)
          (i32x4.eq (v128.and (v128.load align=1 (local.get $src)) (local.get $vm)) (local.get $vm))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $next)))
    (local.set $count (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $src) (local.get $end)))
        (if (i32.eq (i32.and (i32.load (local.get $src)) (i32.const 0x7f800000)) (i32.const 0x7f800000))
          (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $tail)))
    (local.get $count))
)
