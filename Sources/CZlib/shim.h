#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro: Swift cannot call it.
static inline int cz_inflate_init2(z_stream *stream, int windowBits) {
  return inflateInit2(stream, windowBits);
}
static inline int cz_deflate_init2(z_stream *stream, int level, int windowBits) {
  return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
