//! Adversarial inputs for the engine's speed: long runs of the shapes that
//! its name, organisation and quote rules walk over (shared by
//! `tests/adversarial_speed.rs` and `benches/annotate.rs`). Each is one
//! paragraph, so no paragraph break bounds a search.

/// (name, the unit repeated). Every unit ends in a space.
pub const SHAPES: &[(&str, &str)] = &[
    // Place and organisation heads: "… Bay Bay Bay", "Ministry of the …".
    ("place heads", "Bay "),
    ("org heads", "Ministry of the Council of the Bank of the "),
    // Given names: every run could be a person's name.
    ("given names", "John Mary Peter Anne "),
    // Capitalised words that no list knows (guessed names).
    (
        "capitalised words",
        "Alpha Beta Gamma Delta Omega Zeta Kappa ",
    ),
    // Titles before names: "President Senator Minister …".
    ("titles", "President Senator Minister General "),
    // Quote marks that never pair up as a quote with a cue.
    ("quote marks", "“ \" ” ‘ ’ « » "),
    // Quotes with cues and pronouns, the speaker search every time.
    (
        "quotes with cues",
        "“Yes,” he said. “No,” she said. Ann Lee. ",
    ),
    // "and": coordination inside names and lists.
    ("and", "and "),
    ("names and", "Alpha and Beta and Gamma and "),
];

/// `unit` repeated to about `bytes` bytes (whole units).
pub fn text(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes.div_ceil(unit.len()).max(1))
}
