//! Text cases that the domain's rules must treat alike on the server (the
//! unicode-normalization crate) and in the browser's order form (`String.prototype.normalize`):
//! `domain_rules.rs` and `client_logic.rs` both read them from here.

/// Typed text and its composed form (NFC), as a name or a note keeps it.
pub const COMPOSED: [(&str, &str); 5] = [
    ("Zoe\u{308}", "Zoë"),
    ("\u{1100}\u{1161}\u{11A8}", "각"),
    ("\u{212B}ngstr\u{F6}m", "\u{C5}ngstr\u{F6}m"),
    ("a\u{307}\u{323}", "\u{1EA1}\u{307}"),
    ("  Cafe\u{301}  ", "Café"),
];
