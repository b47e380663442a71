#ifndef CWIDTH_H
#define CWIDTH_H

/// The C library's wcwidth(3) for one Unicode scalar: the cells a terminal gives it, -1 when
/// not printable. Glibc declares wcwidth only under _XOPEN_SOURCE, which Swift's Glibc module
/// does not set; this target does.
int cwidth_wcwidth(unsigned int scalar);

#endif
