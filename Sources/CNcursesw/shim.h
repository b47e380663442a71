#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H

// The wide-character curses API (cchar_t, wget_wch, setcchar, mvwadd_wch) is declared only when
// one of these is set before the header is read.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <ncurses.h>

// What Swift cannot import from <ncurses.h>: global variables (not concurrency-safe in Swift 6),
// function-like macros and macros built from other macros.

/// A new screen on this process's stdin/stdout with $TERM; NULL (no exit, unlike initscr) when
/// the terminal type is unknown.
static inline SCREEN *cn_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }

/// The size of stdscr; 0 x 0 when there is no screen.
static inline int cn_max_y(void) {
  if (stdscr == NULL) return 0;
  int y, x;
  getmaxyx(stdscr, y, x);
  (void)x;
  return y;
}
static inline int cn_max_x(void) {
  if (stdscr == NULL) return 0;
  int y, x;
  getmaxyx(stdscr, y, x);
  (void)y;
  return x;
}

static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }

static inline int cn_ok(void) { return OK; }
static inline int cn_err(void) { return ERR; }
static inline int cn_ccharw_max(void) { return CCHARW_MAX; }

// Key codes wget_wch reports with KEY_CODE_YES.
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cn_key_down(void) { return KEY_DOWN; }
static inline int cn_key_up(void) { return KEY_UP; }
static inline int cn_key_left(void) { return KEY_LEFT; }
static inline int cn_key_right(void) { return KEY_RIGHT; }
static inline int cn_key_home(void) { return KEY_HOME; }
static inline int cn_key_end(void) { return KEY_END; }
static inline int cn_key_backspace(void) { return KEY_BACKSPACE; }
static inline int cn_key_dc(void) { return KEY_DC; }
static inline int cn_key_npage(void) { return KEY_NPAGE; }
static inline int cn_key_ppage(void) { return KEY_PPAGE; }
static inline int cn_key_enter(void) { return KEY_ENTER; }
static inline int cn_key_btab(void) { return KEY_BTAB; }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_f(int n) { return KEY_F(n); }
/// Codes above KEY_MAX are free for `define_key` (the bracketed-paste markers).
static inline int cn_key_max(void) { return KEY_MAX; }

/// The C library's name for the current locale's character set ("UTF-8", "ANSI_X3.4-1968", …).
static inline const char *cn_codeset(void) { return nl_langinfo(CODESET); }

#endif
