/// Theme files compiled into the binary, so a missing `themes/` folder still works.
///
/// Byte-for-byte copies of `themes/default.toml` and `themes/8color.toml` (a test compares them).
public enum BuiltinThemes {
    /// `themes/default.toml`.
    public static let defaultTOML = #"""
# PayDesk default theme (dark).
# [palette]: named colours, "#rrggbb" or an xterm colour number 0-255.
# [roles]: each semantic role is { fg, bg, attrs }; fg/bg name a palette colour, "#rrggbb", 0-255 or "default"
# (the terminal's own colour). A role without bg uses the background role's bg; without fg, the text role's fg.
# attrs: any of "bold", "reverse", "underline", "dim". Colours degrade to 256 or 8 as the terminal allows.

[palette]
ink = "#1c1c1c"
paper = "#d0d0d0"
gray = "#808080"
line = "#4e4e4e"
cyan = "#5fafd7"
highlight = "#264f78"
white = "#ffffff"
gold = "#ffaf00"
green = "#5fd75f"
red = "#ff5f5f"
violet = "#af87ff"
blue = "#5f87ff"

[roles]
background = { fg = "paper", bg = "ink" }
text = { fg = "paper" }
muted = { fg = "gray" }
border = { fg = "line" }
title = { fg = "cyan", attrs = ["bold"] }
selection = { fg = "white", bg = "highlight", attrs = ["bold"] }
accent = { fg = "cyan" }
pending = { fg = "gold" }
paid = { fg = "green", attrs = ["bold"] }
failed = { fg = "red", attrs = ["bold"] }
closed = { fg = "gray" }
refunding = { fg = "violet" }
refunded = { fg = "blue" }
alert = { fg = "red", attrs = ["bold", "reverse"] }

"""#

    /// `themes/8color.toml`.
    public static let eightColorTOML = #"""
# PayDesk 8-colour fallback, chosen automatically when the terminal has fewer than 256 colours.
# Colours are the eight ANSI numbers; the terminal's own background stays. Format: see default.toml.

[palette]
black = 0
red = 1
green = 2
yellow = 3
blue = 4
magenta = 5
cyan = 6
white = 7

[roles]
background = { fg = "default", bg = "default" }
text = { fg = "default" }
muted = { fg = "white", attrs = ["dim"] }
border = { fg = "blue" }
title = { fg = "cyan", attrs = ["bold"] }
selection = { attrs = ["reverse", "bold"] }
accent = { fg = "cyan" }
pending = { fg = "yellow", attrs = ["bold"] }
paid = { fg = "green", attrs = ["bold"] }
failed = { fg = "red", attrs = ["bold"] }
closed = { fg = "white", attrs = ["dim"] }
refunding = { fg = "magenta" }
refunded = { fg = "blue", attrs = ["bold"] }
alert = { fg = "red", attrs = ["bold", "reverse"] }

"""#
}
