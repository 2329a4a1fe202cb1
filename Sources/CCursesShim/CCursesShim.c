#define _XOPEN_SOURCE 700
#include "CCursesShim.h"

WINDOW *pd_stdscr(void) { return stdscr; }
int pd_lines(void) { return LINES; }
int pd_cols(void) { return COLS; }
int pd_colors(void) { return COLORS; }
int pd_color_pairs(void) { return COLOR_PAIRS; }
attr_t pd_a_normal(void) { return A_NORMAL; }
attr_t pd_a_bold(void) { return A_BOLD; }
attr_t pd_a_reverse(void) { return A_REVERSE; }
attr_t pd_a_underline(void) { return A_UNDERLINE; }
attr_t pd_a_dim(void) { return A_DIM; }
attr_t pd_a_italic(void) { return A_ITALIC; }
int pd_key_resize(void) { return KEY_RESIZE; }
int pd_key_mouse(void) { return KEY_MOUSE; }
int pd_err(void) { return ERR; }

int pd_put_wide(WINDOW *win, int y, int x, const wchar_t *text, int count, attr_t attrs, short pair) {
    int result = OK;
    int column = x;
    for (int i = 0; i < count; i++) {
        wchar_t chars[2] = { text[i], L'\0' };
        cchar_t cell;
        setcchar(&cell, chars, attrs, pair, NULL);
        if (mvwadd_wch(win, y, column, &cell) == ERR) result = ERR;
        int width = wcwidth(text[i]);
        column += width > 0 ? width : 1;
    }
    return result;
}

int pd_get_mouse(int *x, int *y, unsigned long *bstate) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *x = event.x; *y = event.y; *bstate = (unsigned long)event.bstate;
    return OK;
}
unsigned long pd_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
unsigned long pd_button4_pressed(void) { return BUTTON4_PRESSED; }
unsigned long pd_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}
unsigned long pd_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }

SCREEN *pd_newterm(void) { return newterm(NULL, stdout, stdin); }

int pd_put_cell(WINDOW *win, int y, int x, const wchar_t *chars, int count, attr_t attrs, short pair) {
    wchar_t buffer[CCHARW_MAX + 1];
    int used = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < used; i++) buffer[i] = chars[i];
    buffer[used] = L'\0';
    cchar_t cell;
    if (setcchar(&cell, buffer, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

// Lock-free atomics, not `volatile sig_atomic_t`: a signal is handled on any thread that does not block it (in
// `paydesk`, the main thread waiting in libdispatch), while the UI loop that reads the flags runs on a thread of its
// own, and `volatile` orders nothing between threads (ThreadSanitizer reported the hang-up flag as a data race).
// Lock-free atomics stay async-signal-safe.
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the signal handlers need lock-free atomic_int");
static atomic_int pd_curses_active = 0;
static atomic_int pd_hangup_received = 0;
static int pd_handlers_installed = 0;

void pd_restore_terminal(void) {
    // Exchange: of a signal handler and the exit path racing here, only one calls endwin.
    if (atomic_exchange(&pd_curses_active, 0)) endwin();
}

static void pd_restore_and_reraise(int signal_number) {
    // endwin is not formally async-signal-safe, but it only writes the terminal's reset sequences;
    // leaving the user's terminal in raw mode is the worse outcome.
    pd_restore_terminal();
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

static void pd_note_hangup(int signal_number) {
    // The UI loop sees the flag within one input poll and leaves cleanly (database, listener, simulator shut
    // down). A second SIGHUP before that means the loop is stuck: restore and die as the default would.
    if (atomic_exchange(&pd_hangup_received, 1)) pd_restore_and_reraise(signal_number);
}

void pd_install_restore_handlers(void) {
    atomic_store(&pd_curses_active, 1);
    if (pd_handlers_installed) return;
    pd_handlers_installed = 1;
    atexit(pd_restore_terminal);
    int signals[] = { SIGINT, SIGTERM, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction action;
        action.sa_handler = pd_restore_and_reraise;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(signals[i], &action, NULL);
    }
    // SIGHUP: the terminal went away. Left ignored when started ignored (nohup); the loop then notices the
    // hang-up on its input instead (pd_terminal_lost).
    struct sigaction current;
    if (sigaction(SIGHUP, NULL, &current) == 0 && current.sa_handler != SIG_IGN) {
        struct sigaction action;
        action.sa_handler = pd_note_hangup;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0;
        sigaction(SIGHUP, &action, NULL);
    }
}

int pd_terminal_lost(void) {
    if (atomic_load(&pd_hangup_received)) return 1;
    struct pollfd input = { .fd = STDIN_FILENO, .events = POLLIN, .revents = 0 };
    if (poll(&input, 1, 0) < 0) return errno == EINTR ? 0 : 1;
    return (input.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

int pd_key_f0(void) { return KEY_F0; }
