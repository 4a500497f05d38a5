// snprintf for the wasm module: integers and strings only, without musl's printf machinery.
//
// Why: the module's only snprintf calls are nlohmann's, with integer formats ("\\u%04x" when it
// escapes a control character, "<U+%.4X>" in a parse error), but musl's snprintf is the whole
// vfprintf: floating point (fmt_fp, long double arguments), wide characters and the FILE layer,
// ~8.5 kB of code, ~3.5 kB of the gzipped module (bench/size.mjs). Defining snprintf here keeps the
// linker from pulling musl's: only this file and the module targets (wasm/CMakeLists.txt) see it;
// the GoogleTest executables keep musl's, which they need for %g and %a.
//
// What it formats: %% and the conversions d i u o x X c s p, with the flags - 0 + space #, a
// width and a precision (digits or *), and the length modifiers hh h l ll j z t L. That is C17
// 7.21.6.1 for those conversions. A floating-point conversion (e f g a, any case) or n writes "?"
// instead of a number and consumes its argument: nothing in the module asks for one, and a wrong
// character in a message is better than a trap. The return value is C's: the length the whole
// output has, even where it was cut at n - 1 characters; the output is always terminated when
// n > 0.
#include <emscripten/console.h>

#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>

namespace {

struct Out {
  char* buf;
  std::size_t cap;  // bytes that may hold characters (n - 1), 0 when n == 0
  std::size_t len = 0;
  void put(char c) {
    if (len < cap) buf[len] = c;
    ++len;
  }
  void fill(char c, int n) {
    for (; n > 0; --n) put(c);
  }
  void str(const char* s, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) put(s[i]);
  }
};

enum Flag : unsigned { kLeft = 1, kZero = 2, kPlus = 4, kSpace = 8, kAlt = 16 };

void integer(Out& o, std::uintmax_t v, bool negative, unsigned base, bool upper, unsigned flags,
             int width, int prec) {
  char digits[24];
  int nd = 0;
  const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (std::uintmax_t x = v; x != 0; x /= base) digits[nd++] = set[x % base];
  char prefix[2];
  int np = 0;
  if (negative) {
    prefix[np++] = '-';
  } else if (flags & kPlus) {
    prefix[np++] = '+';
  } else if (flags & kSpace) {
    prefix[np++] = ' ';
  }
  int zeros = prec >= 0 ? (prec > nd ? prec - nd : 0) : (v == 0 ? 1 : 0);
  if ((flags & kAlt) && v != 0) {
    if (base == 16) {
      prefix[np++] = '0';
      prefix[np++] = upper ? 'X' : 'x';
    } else if (base == 8 && zeros == 0) {
      zeros = 1;
    }
  }
  if ((flags & kAlt) && base == 8 && v == 0 && prec == 0) zeros = 1;
  int body = np + zeros + nd;
  if (prec < 0 && (flags & kZero) && !(flags & kLeft) && width > body) {
    zeros += width - body;
    body = width;
  }
  if (!(flags & kLeft)) o.fill(' ', width - body);
  o.str(prefix, static_cast<std::size_t>(np));
  o.fill('0', zeros);
  while (nd > 0) o.put(digits[--nd]);
  if (flags & kLeft) o.fill(' ', width - body);
}

void text(Out& o, const char* s, std::size_t n, unsigned flags, int width) {
  const int pad = width - static_cast<int>(n);
  if (!(flags & kLeft)) o.fill(' ', pad);
  o.str(s, n);
  if (flags & kLeft) o.fill(' ', pad);
}

int format(char* buf, std::size_t n, const char* fmt, std::va_list ap) {
  Out o{buf, n > 0 ? n - 1 : 0};
  for (const char* f = fmt; *f; ++f) {
    if (*f != '%') {
      o.put(*f);
      continue;
    }
    ++f;
    unsigned flags = 0;
    for (;; ++f) {
      if (*f == '-') {
        flags |= kLeft;
      } else if (*f == '0') {
        flags |= kZero;
      } else if (*f == '+') {
        flags |= kPlus;
      } else if (*f == ' ') {
        flags |= kSpace;
      } else if (*f == '#') {
        flags |= kAlt;
      } else {
        break;
      }
    }
    int width = 0;
    if (*f == '*') {
      width = va_arg(ap, int);
      if (width < 0) {
        flags |= kLeft;
        width = -width;
      }
      ++f;
    } else {
      while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
    }
    int prec = -1;
    if (*f == '.') {
      ++f;
      prec = 0;
      if (*f == '*') {
        prec = va_arg(ap, int);
        if (prec < 0) prec = -1;
        ++f;
      } else {
        while (*f >= '0' && *f <= '9') prec = prec * 10 + (*f++ - '0');
      }
    }
    int size = 0;  // -2 hh, -1 h, 0 int, 1 long / size_t / ptrdiff_t, 2 long long / intmax_t
    bool long_double = false;
    for (;; ++f) {
      if (*f == 'L') {
        long_double = true;
      } else if (*f == 'h') {
        --size;
      } else if (*f == 'l') {
        ++size;
      } else if (*f == 'j') {
        size = 2;  // intmax_t is long long here
      } else if (*f == 'z' || *f == 't') {
        size = 1;  // size_t and ptrdiff_t are as wide as long (wasm32 and LP64 alike)
      } else {
        break;
      }
    }
    const char c = *f;
    if (c == '\0') break;
    switch (c) {
      case 'd':
      case 'i': {
        std::intmax_t v = size >= 2   ? va_arg(ap, long long)
                          : size == 1 ? va_arg(ap, long)
                                      : va_arg(ap, int);
        if (size == -1) v = static_cast<short>(v);
        if (size <= -2) v = static_cast<signed char>(v);
        const bool neg = v < 0;
        const std::uintmax_t mag =
            neg ? static_cast<std::uintmax_t>(0) - static_cast<std::uintmax_t>(v)
                : static_cast<std::uintmax_t>(v);
        integer(o, mag, neg, 10, false, flags, width, prec);
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        std::uintmax_t v = size >= 2   ? va_arg(ap, unsigned long long)
                           : size == 1 ? va_arg(ap, unsigned long)
                                       : va_arg(ap, unsigned);
        if (size == -1) v = static_cast<unsigned short>(v);
        if (size <= -2) v = static_cast<unsigned char>(v);
        const unsigned base = c == 'u' ? 10 : c == 'o' ? 8 : 16;
        integer(o, v, false, base, c == 'X', flags & ~(kPlus | kSpace), width, prec);
        break;
      }
      case 'p':
        integer(o, reinterpret_cast<std::uintptr_t>(va_arg(ap, void*)), false, 16, false,
                kAlt | (flags & kLeft), width, -1);
        break;
      case 'c': {
        const char ch = static_cast<char>(va_arg(ap, int));
        text(o, &ch, 1, flags, width);
        break;
      }
      case 's': {
        const char* s = va_arg(ap, const char*);
        if (!s) s = "(null)";
        std::size_t len = 0;
        while ((prec < 0 || len < static_cast<std::size_t>(prec)) && s[len]) ++len;
        text(o, s, len, flags, width);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'a':
      case 'A':
        if (long_double) {
          (void)va_arg(ap, long double);
        } else {
          (void)va_arg(ap, double);
        }
        text(o, "?", 1, flags, width);
        break;
      case 'n':
        (void)va_arg(ap, void*);
        break;
      default:  // "%%", or a conversion C does not define: written as is
        o.put(c);
        break;
    }
  }
  if (n > 0) buf[o.len < o.cap ? o.len : o.cap] = '\0';
  return static_cast<int>(o.len);
}

}  // namespace

// Every symbol of musl's vsnprintf.o and vfprintf.o is defined here, so that the linker never pulls
// either file in (a reference to one symbol would bring the whole file, and its definitions would
// clash with these): libc++'s string.o prints "std::out_of_range ..." with fiprintf before it
// aborts (-fno-exceptions), and its locale.o refers to vsnprintf.
extern "C" int vsnprintf(char* __restrict buf, std::size_t n, const char* __restrict fmt,
                         std::va_list ap) {
  return format(buf, n, fmt, ap);
}
extern "C" int vsniprintf(char* __restrict buf, std::size_t n, const char* __restrict fmt,
                          std::va_list ap) {
  return format(buf, n, fmt, ap);
}
extern "C" int __small_vsnprintf(char* __restrict buf, std::size_t n, const char* __restrict fmt,
                                 std::va_list ap) {
  return format(buf, n, fmt, ap);
}

// To a FILE: one line to the module's err() (or out() for stdout), as musl's would have reached
// them through fd_write, cut at 511 bytes. Only abort paths print.
extern "C" int vfprintf(FILE* __restrict f, const char* __restrict fmt, std::va_list ap) {
  char line[512];
  const int r = format(line, sizeof line, fmt, ap);
  std::size_t n = std::strlen(line);
  if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
  if (f == stdout) {
    _emscripten_out(line);
  } else {
    _emscripten_err(line);
  }
  return r;
}
extern "C" int vfiprintf(FILE* __restrict f, const char* __restrict fmt, std::va_list ap) {
  return vfprintf(f, fmt, ap);
}
extern "C" int __small_vfprintf(FILE* __restrict f, const char* __restrict fmt, std::va_list ap) {
  return vfprintf(f, fmt, ap);
}

extern "C" int snprintf(char* __restrict buf, std::size_t n, const char* __restrict fmt, ...) {
  std::va_list ap;
  va_start(ap, fmt);
  const int r = format(buf, n, fmt, ap);
  va_end(ap);
  return r;
}
