#ifndef PAYDESK_CCURSESSHIM_H
#define PAYDESK_CCURSESSHIM_H
// Accessors for ncurses globals (not concurrency-safe in Swift 6) and macros built from NCURSES_BITS.
#define _XOPEN_SOURCE 700
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

WINDOW *pd_stdscr(void);
int pd_lines(void);
int pd_cols(void);
int pd_colors(void);
int pd_color_pairs(void);
attr_t pd_a_normal(void);
attr_t pd_a_bold(void);
attr_t pd_a_reverse(void);
attr_t pd_a_underline(void);
attr_t pd_a_dim(void);
attr_t pd_a_italic(void);
int pd_key_resize(void);
int pd_key_mouse(void);
int pd_err(void);
/// Writes `count` wide characters with attributes and colour pair at (y, x) through cchar_t, one cell each.
int pd_put_wide(WINDOW *win, int y, int x, const wchar_t *text, int count, attr_t attrs, short pair);
/// Reads the mouse event into plain integers (MEVENT layout differs by build).
int pd_get_mouse(int *x, int *y, unsigned long *bstate);
unsigned long pd_button1_clicked(void);
unsigned long pd_button4_pressed(void);
unsigned long pd_button5_pressed(void);
unsigned long pd_all_mouse_events(void);
/// Starts curses on stdout/stdin without exiting on failure (initscr would); NULL when not a terminal.
SCREEN *pd_newterm(void);
/// Writes one cell made of up to CCHARW_MAX wide characters (a grapheme with combining marks) at (y, x).
int pd_put_cell(WINDOW *win, int y, int x, const wchar_t *chars, int count, attr_t attrs, short pair);
/// Installs handlers that restore the terminal (endwin) on SIGINT, SIGTERM, SIGQUIT and on crashes
/// (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE), then re-raise the signal; also atexit. SIGHUP (unless
/// ignored at start) only sets a flag that `pd_terminal_lost` reports, so the UI loop can leave cleanly.
void pd_install_restore_handlers(void);
/// 1 when SIGHUP arrived or the terminal's input has hung up (EOF, error, closed descriptor), else 0.
int pd_terminal_lost(void);
/// Ends curses once (endwin) and disarms the handlers; safe to call repeatedly.
void pd_restore_terminal(void);
/// Key codes that are function-like macros or may be missing from some builds.
int pd_key_f0(void);
#endif
