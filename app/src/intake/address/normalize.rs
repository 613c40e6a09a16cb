//! Text clean-up before parsing: full-width forms → ASCII, one newline style, Chinese
//! punctuation → ASCII separators, decorative brackets and invisible characters dropped.
//! Everything later works on this normalized text, so the fields come out in ASCII digits.

/// Normalizes a pasted message. Character-for-character except that invisible characters
/// are dropped and `\r\n` becomes one `\n`.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_cr = false;
    for c in text.chars() {
        if c == '\n' && last_cr {
            last_cr = false;
            continue;
        }
        last_cr = c == '\r';
        if let Some(m) = map_char(c) {
            out.push(m);
        }
    }
    out
}

fn map_char(c: char) -> Option<char> {
    let m = match c {
        // Full-width ASCII block: ０-９ Ａ-Ｚ ：，（）＋－ …
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\t' | '\u{A0}' | '\u{2002}'..='\u{200A}' => ' ',
        '\r' => '\n',
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{2060}' => return None,
        '、' | '。' => ',',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{2500}' => '-',
        '【' | '】' | '〔' | '〕' | '「' | '」' | '『' | '』' | '《' | '》' | '〈' | '〉' | '['
        | ']' | '{' | '}' | '<' | '>' | '“' | '”' | '‘' | '’' | '"' | '\'' | '`' => ' ',
        '•' | '・' | '\u{FF65}' => '·',
        _ => c,
    };
    // The full-width block maps ＂ and ＇ too; treat them like the other quotes.
    Some(match m {
        '"' | '\'' | '[' | ']' | '{' | '}' | '<' | '>' | '`' => ' ',
        _ => m,
    })
}

/// True for a CJK ideograph (the basic block plus extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// True for characters that only separate fields: spaces, line breaks, commas and other
/// punctuation that never appears inside a name, phone number or street.
pub fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\n'
            | ','
            | ';'
            | ':'
            | '|'
            | '!'
            | '?'
            | '~'
            | '*'
            | '='
            | '…'
            | '^'
            | '$'
            | '@'
            | '\\'
    ) || c.is_whitespace()
        || is_symbol(c)
}

/// Emoji and pictographs that chat messages sprinkle between fields.
fn is_symbol(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{FE0F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_punctuation() {
        assert_eq!(
            normalize("电话：１３８００１３８０００，邮编３１００００"),
            "电话:13800138000,邮编310000"
        );
        assert_eq!(normalize("（０５７１）８８８８８８８８"), "(0571)88888888");
        assert_eq!(normalize("Ａ座３０１室"), "A座301室");
    }

    #[test]
    fn line_breaks_brackets_and_invisibles() {
        assert_eq!(
            normalize("张三\r\n【地址】杭州\u{200B}市"),
            "张三\n 地址 杭州市"
        );
        assert_eq!(normalize("a\rb"), "a\nb");
        assert_eq!(normalize("138—0013—8000"), "138-0013-8000");
        assert_eq!(normalize("浙江、杭州。"), "浙江,杭州,");
        assert_eq!(normalize("\u{3000}买买提•艾力"), " 买买提·艾力");
    }

    #[test]
    fn classes() {
        assert!(is_han('张'));
        assert!(!is_han('1'));
        assert!(is_separator('\n'));
        assert!(is_separator('😀'));
        assert!(!is_separator('-'));
        assert!(!is_separator('#'));
    }
}
