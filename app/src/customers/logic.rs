//! Pure customer rules.

/// `138****8000`: a mobile as shown to people outside the owning line.
pub fn mask_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_the_middle() {
        assert_eq!(super::mask_mobile("13800138000"), "138****8000");
        assert_eq!(super::mask_mobile("12345"), "*****");
    }
}
