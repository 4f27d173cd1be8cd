//! Superscript digits (`¹²³`), the commonest footnote markers.

/// The value of a superscript digit.
pub fn digit(c: char) -> Option<u32> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// `n` in superscript digits.
pub fn to_superscript(n: u32) -> String {
    to_superscript_str(&n.to_string())
}

/// ASCII digits in superscript digits (other characters are kept).
pub fn to_superscript_str(s: &str) -> String {
    s.chars().map(|c| c.to_digit(10).map(|d| DIGITS[d as usize]).unwrap_or(c)).collect()
}

/// A run of superscript digits at the start of `s`: its length in bytes and its value
/// (`None` when it has more than four digits, too many for a footnote number).
pub fn run(s: &str) -> Option<(usize, Option<u32>)> {
    let mut len = 0;
    let mut value: u32 = 0;
    let mut count = 0;
    for c in s.chars() {
        let Some(d) = digit(c) else { break };
        len += c.len_utf8();
        count += 1;
        value = value.saturating_mul(10).saturating_add(d);
    }
    (count > 0).then_some((len, (count <= 4).then_some(value)))
}
