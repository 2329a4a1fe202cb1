/// A non-character key.
public enum SpecialKey: String, Sendable, Hashable, CaseIterable {
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, pageUp, pageDown, home, end
}

/// A mouse event the UI reacts to.
public enum MouseEvent: Sendable, Hashable {
    /// Button 1 click at a cell.
    case click(CellPoint)
    /// Wheel scrolled up.
    case wheelUp(CellPoint)
    /// Wheel scrolled down.
    case wheelDown(CellPoint)
}

/// One input event read from the terminal.
public enum KeyEvent: Sendable, Hashable {
    /// A printable character (including CJK input).
    case character(Character)
    /// Ctrl plus a letter, given in lower case.
    case control(Character)
    /// A named special key.
    case special(SpecialKey)
    /// A function key F1…F12.
    case function(Int)
    /// The terminal changed size.
    case resize(TerminalSize)
    /// A mouse click or wheel step.
    case mouse(MouseEvent)
}
