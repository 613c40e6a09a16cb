//! What a postcode or a landline area code says about the region, used to break ties
//! between same-named districts (朝阳区 with 010-… is in 北京) and to check a postcode.

/// Province codes whose postcodes start with the two given digits.
const POSTCODE_ZONES: &[(u32, &[u32])] = &[
    (110000, &[10]),
    (120000, &[30]),
    (130000, &[5, 6, 7]),
    (140000, &[3, 4]),
    (150000, &[1, 2]),
    (210000, &[11, 12]),
    (220000, &[13]),
    (230000, &[15, 16]),
    (310000, &[20]),
    (320000, &[21, 22]),
    (330000, &[31, 32]),
    (340000, &[23, 24]),
    (350000, &[35, 36]),
    (360000, &[33, 34]),
    (370000, &[25, 26, 27]),
    (410000, &[45, 46, 47]),
    (420000, &[43, 44]),
    (430000, &[41, 42]),
    (440000, &[51, 52]),
    (450000, &[53, 54]),
    (460000, &[57]),
    (500000, &[40]),
    (510000, &[61, 62, 63, 64]),
    (520000, &[55, 56]),
    (530000, &[65, 66, 67]),
    (540000, &[85, 86]),
    (610000, &[71, 72]),
    (620000, &[73, 74]),
    (630000, &[81]),
    (640000, &[75]),
    (650000, &[83, 84]),
];

/// Province codes a 6-digit postcode belongs to (empty when unknown).
pub fn postcode_provinces(postcode: &str) -> Vec<u32> {
    match postcode {
        "999077" => return vec![810000],
        "999078" => return vec![820000],
        _ => {}
    }
    let Some(zone) = postcode.get(..2).and_then(|z| z.parse::<u32>().ok()) else {
        return Vec::new();
    };
    POSTCODE_ZONES
        .iter()
        .filter(|(_, zones)| zones.contains(&zone))
        .map(|(p, _)| *p)
        .collect()
}

/// Area codes of municipalities, provincial capitals and a few large cities → division code.
const AREA_CODES: &[(&str, u32)] = &[
    ("010", 110000),
    ("020", 440100),
    ("021", 310000),
    ("022", 120000),
    ("023", 500000),
    ("024", 210100),
    ("025", 320100),
    ("027", 420100),
    ("028", 510100),
    ("029", 610100),
    ("0311", 130100),
    ("0351", 140100),
    ("0471", 150100),
    ("0431", 220100),
    ("0451", 230100),
    ("0571", 330100),
    ("0551", 340100),
    ("0591", 350100),
    ("0791", 360100),
    ("0531", 370100),
    ("0371", 410100),
    ("0731", 430100),
    ("0771", 450100),
    ("0898", 460000),
    ("0851", 520100),
    ("0871", 530100),
    ("0891", 540100),
    ("0931", 620100),
    ("0971", 630100),
    ("0951", 640100),
    ("0991", 650100),
    ("0755", 440300),
    ("0574", 330200),
    ("0512", 320500),
    ("0510", 320200),
    ("0532", 370200),
    ("0592", 350200),
    ("0411", 210200),
    ("0769", 441900),
    ("0760", 442000),
];

/// The division a landline's area code points to ("0571-88888888" → 杭州市 330100).
pub fn area_code_division(landline: &str) -> Option<u32> {
    let area = landline.split('-').next()?;
    AREA_CODES.iter().find(|(a, _)| *a == area).map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes() {
        assert_eq!(postcode_provinces("310000"), vec![330000]);
        assert_eq!(postcode_provinces("100020"), vec![110000]);
        assert_eq!(postcode_provinces("130000"), vec![220000]);
        assert_eq!(postcode_provinces("999077"), vec![810000]);
        assert_eq!(postcode_provinces("900000"), Vec::<u32>::new());
    }

    #[test]
    fn area_codes() {
        assert_eq!(area_code_division("010-65123456"), Some(110000));
        assert_eq!(area_code_division("0431-88888888"), Some(220100));
        assert_eq!(area_code_division("0999-1234567"), None);
        assert_eq!(area_code_division("88888888"), None);
    }
}
