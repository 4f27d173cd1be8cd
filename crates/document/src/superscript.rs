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

/// A run of superscript digits at the start of `s`: its length in bytes, its digits in
/// ASCII without leading zeros (the label), and its value (`None` when it does not fit a
/// `u32`). Runs of any length are footnote numbers: ¹⁰⁰⁰⁰ is footnote 10000.
pub fn run(s: &str) -> Option<(usize, String, Option<u32>)> {
    let mut len = 0;
    let mut label = String::new();
    for c in s.chars() {
        let Some(d) = digit(c) else { break };
        len += c.len_utf8();
        if !(label.is_empty() && d == 0) {
            label.push(char::from(b'0' + d as u8));
        }
    }
    if len == 0 {
        return None;
    }
    if label.is_empty() {
        label.push('0');
    }
    let value = label.parse().ok();
    Some((len, label, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_any_length() {
        assert_eq!(run("¹²x"), Some((4, "12".to_string(), Some(12))));
        assert_eq!(run("¹⁰⁰⁰⁰ note"), Some(("¹⁰⁰⁰⁰".len(), "10000".to_string(), Some(10000))));
        assert_eq!(run("¹²³⁴⁵⁶"), Some(("¹²³⁴⁵⁶".len(), "123456".to_string(), Some(123456))));
        let huge = "⁹".repeat(12);
        assert_eq!(run(&huge), Some((huge.len(), "9".repeat(12), None)));
        assert_eq!(run("x¹"), None);
    }
}
