// strtod for the wasm module, parsed by the JS engine instead of musl.
//
// Why: musl's strtod goes through __floatscan, which computes in `long double`; on wasm32 that is
// IEEE quad, emulated in software (__multf3, __addtf3, __divtf3, conversions). nlohmann's number
// lexer and a few places of the core call strtod, so the module carried 7.2 kB gzip (15 kB raw,
// ~7% of the module) for it. JavaScript's Number() is correctly rounded (ECMA-262 StringToNumber),
// like musl's strtod, so decimal subjects lose nothing; hexadecimal subjects are rounded here to
// nearest-even with BigInt, infinities and NaNs are spelled out. The grammar is C17 7.22.1.3's:
// leading white space, an optional sign, then a decimal or `0x` hexadecimal floating constant,
// INF/INFINITY or NAN/NAN(chars), case-insensitive; `*end` points after the longest such subject,
// or at `s` when there is none (and 0 is returned). errno is ERANGE when the value overflows to
// infinity or a nonzero subject gives zero or a subnormal.
//
// tests/native/strtod_test.cpp checks one table of cases and a round trip of 200,000 random
// doubles (printed with %.17g and %a) against glibc in the native build and against this file in
// the wasm build (every wasm GoogleTest executable links it, so all their JSON parsing uses it).
//
// strtof, strtold and the _l variants share musl's object file with strtod; they are defined here
// only so that the linker never pulls that file in. Nothing calls strtof/strtold (libc++'s
// std::stof/stold are unused); they trap rather than answer with the wrong precision.
#include <emscripten.h>

#include <locale.h>
#include <cerrno>
#include <cstdlib>

// Returns |value|; out[0] = characters consumed, out[1] = 1 for a range error, out[2] = 1 if the
// subject had a minus sign. (No backslashes or apostrophes below: EM_JS stringifies its body.)
// JavaScript inside: clang-format would break it.
// clang-format off
EM_JS(double, zsw_strtod_js, (const char* s, int* out), {
  var H = HEAPU8;
  function at(k) { return H[k] | 0; }
  function lower(c) { return c >= 65 && c <= 90 ? c + 32 : c; }
  function isDigit(c) { return c >= 48 && c <= 57; }
  function hexValue(c) {
    c = lower(c);
    return isDigit(c) ? c - 48 : (c >= 97 && c <= 102 ? c - 87 : -1);
  }
  function word(k, w) {
    for (var j = 0; j < w.length; j++) if (lower(at(k + j)) != w.charCodeAt(j)) return false;
    return true;
  }
  function exponent(k, mark, result) {
    if (lower(at(k)) != mark) return k;
    var e = k + 1, negative = false, value = 0;
    if (at(e) == 43 || at(e) == 45) { negative = at(e) == 45; e++; }
    if (!isDigit(at(e))) return k;
    while (isDigit(at(e))) { if (value < 1e9) value = value * 10 + at(e) - 48; e++; }
    result.e = negative ? -value : value;
    return e;
  }
  function scale(x, e2) {
    while (e2 > 1000) { x *= Math.pow(2, 1000); e2 -= 1000; }
    while (e2 < -1000) { x *= Math.pow(2, -1000); e2 += 1000; }
    return x * Math.pow(2, e2);
  }
  function hexFloat(digits, e2) {
    var one = BigInt(1), m = BigInt("0x" + digits);
    if (m == BigInt(0)) return 0;
    var length = m.toString(2).length;
    var top = length - 1 + e2;
    if (top > 1023) return Infinity;
    if (top < -1075) return 0;
    var bits = top >= -1022 ? 53 : top + 1075;
    var shift = length - bits;
    if (shift > 0) {
      var s = BigInt(shift), q = m >> s, rest = m - (q << s), half = one << (s - one);
      if (rest > half || (rest == half && (q & one) == one)) q += one;
      return scale(Number(q), e2 + shift);
    }
    return scale(Number(m), e2);
  }
  var i = s, value = 0, end = s, nonzero = false;
  while (at(i) == 32 || (at(i) >= 9 && at(i) <= 13)) i++;
  HEAP32[(out >> 2) + 2] = at(i) == 45 ? 1 : 0;
  if (at(i) == 43 || at(i) == 45) i++;
  if (word(i, "infinity")) { value = Infinity; end = i + 8; }
  else if (word(i, "inf")) { value = Infinity; end = i + 3; }
  else if (word(i, "nan")) {
    value = NaN; end = i + 3;
    if (at(end) == 40) {
      var k = end + 1;
      while (isDigit(at(k)) || (lower(at(k)) >= 97 && lower(at(k)) <= 122) || at(k) == 95) k++;
      if (at(k) == 41) end = k + 1;
    }
  } else if (at(i) == 48 && lower(at(i + 1)) == 120 &&
             (hexValue(at(i + 2)) >= 0 || (at(i + 2) == 46 && hexValue(at(i + 3)) >= 0))) {
    var k = i + 2, digits = "", fraction = 0, dot = false;
    for (;; k++) {
      var c = at(k);
      if (hexValue(c) >= 0) { digits += String.fromCharCode(c); if (dot) fraction++; }
      else if (c == 46 && !dot) dot = true;
      else break;
    }
    var exp = { e: 0 };
    end = exponent(k, 112, exp);
    nonzero = /[1-9a-f]/i.test(digits);
    value = hexFloat(digits, exp.e - 4 * fraction);
  } else {
    var k = i, count = 0;
    while (isDigit(at(k))) { k++; count++; }
    if (at(k) == 46) { k++; while (isDigit(at(k))) { k++; count++; } }
    if (count) {
      end = exponent(k, 101, { e: 0 });
      var subject = UTF8Decoder.decode(H.subarray(i, end));  // ASCII; the decoder bindings.cpp uses too
      nonzero = /[1-9]/.test(subject.slice(0, k - i));
      value = Number(subject);
    }
  }
  HEAP32[out >> 2] = end - s;
  HEAP32[(out >> 2) + 1] = (nonzero && (value == Infinity || value < 2.2250738585072014e-308)) ? 1 : 0;
  if (end == s) HEAP32[(out >> 2) + 2] = 0;
  return value;
});
// clang-format on

extern "C" double strtod(const char* __restrict s, char** __restrict end) {
  int out[3] = {0, 0, 0};
  const double magnitude = zsw_strtod_js(s, out);
  if (end) *end = const_cast<char*>(s + out[0]);
  if (out[1]) errno = ERANGE;
  return out[2] ? -magnitude : magnitude;
}

// The locale variants share that object file too (libc++'s locale refers to them when iostreams
// are linked, as in the GoogleTest executables). Emscripten's libc has only the C locale.
extern "C" double strtod_l(const char* __restrict s, char** __restrict end, locale_t) {
  return strtod(s, end);
}

extern "C" float strtof(const char* __restrict, char** __restrict) {
  __builtin_trap();
}
extern "C" long double strtold(const char* __restrict, char** __restrict) {
  __builtin_trap();
}
extern "C" float strtof_l(const char* __restrict, char** __restrict, locale_t) {
  __builtin_trap();
}
extern "C" long double strtold_l(const char* __restrict, char** __restrict, locale_t) {
  __builtin_trap();
}
