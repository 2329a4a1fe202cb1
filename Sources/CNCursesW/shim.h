#ifndef PAYDESK_CNCURSESW_H
#define PAYDESK_CNCURSESW_H
// SwiftPM drops the -D flags pkg-config gives ncursesw: the wide-character API needs this define.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#endif
