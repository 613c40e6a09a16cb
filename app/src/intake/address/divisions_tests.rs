//! Tests for division loading and name lookup.

use super::*;

const SMALL: &str = "# test data\n110000\t北京市\n110105\t朝阳区\n330000\t浙江省\n330100\t杭州市\n\
330106\t西湖区\n330110\t余杭区\n420000\t湖北省\n429004\t仙桃市\n440000\t广东省\n441900\t东莞市\n\
652800\t巴音郭楞蒙古自治州\n650000\t新疆维吾尔自治区\n";

fn real() -> Divisions {
    Divisions::try_parse(include_str!("divisions.tsv")).unwrap()
}

#[test]
fn levels_and_parents() {
    let d = Divisions::try_parse(SMALL).unwrap();
    assert_eq!(d.len(), 12);
    let xihu = d.by_code(330106).unwrap();
    assert_eq!(xihu.level, Level::County);
    assert_eq!(d.all()[xihu.province].name, "浙江省");
    assert_eq!(d.all()[xihu.city.unwrap()].name, "杭州市");
    let chaoyang = d.by_code(110105).unwrap();
    assert_eq!(chaoyang.city, None);
    assert!(d.is_municipality(d.index_of(110105).unwrap()));
    let xiantao = d.by_code(429004).unwrap();
    assert_eq!((xiantao.level, xiantao.city), (Level::County, None));
    assert!(!d.is_municipality(d.index_of(429004).unwrap()));
    let dongguan = d.by_code(441900).unwrap();
    assert_eq!((dongguan.level, dongguan.counties), (Level::City, 0));
    assert_eq!(d.by_code(330100).unwrap().counties, 2);
}

#[test]
fn errors() {
    assert_eq!(Divisions::try_parse("").unwrap_err(), DataError::Empty);
    assert_eq!(
        Divisions::try_parse("# only a comment\n").unwrap_err(),
        DataError::Empty
    );
    assert_eq!(
        Divisions::try_parse("110000\t北京市\n11010\t东城区\n").unwrap_err(),
        DataError::BadLine {
            line: 2,
            text: "11010\t东城区".into()
        }
    );
    assert_eq!(
        Divisions::try_parse("110000\t北京市\n330106\t西湖区\n").unwrap_err(),
        DataError::NoProvince {
            line: 2,
            code: "330106".into()
        }
    );
    // The lenient loader skips what it cannot place.
    assert_eq!(
        Divisions::parse("110000\t北京市\n330106\t西湖区\nbad\n").len(),
        1
    );
    assert!(Divisions::parse("").is_empty());
}

#[test]
fn find_official_and_short_names() {
    let d = Divisions::try_parse(SMALL).unwrap();
    let codes = |n: &str| d.find(n).iter().map(|x| x.code).collect::<Vec<_>>();
    assert_eq!(codes("杭州"), vec![330100]);
    assert_eq!(codes("杭州市"), vec![330100]);
    assert_eq!(codes("新疆"), vec![650000]);
    assert_eq!(codes("巴州"), vec![652800]);
    assert_eq!(codes("巴音郭楞"), vec![652800]);
    assert_eq!(codes("余杭"), vec![330110]);
    assert_eq!(codes("杭"), Vec::<u32>::new());
}

#[test]
fn names_at_reports_every_match_longest_first() {
    let d = Divisions::try_parse(SMALL).unwrap();
    let text = "浙江省杭州市西湖区";
    let mut hits = Vec::new();
    d.names_at(text, 0, &mut hits);
    let got: Vec<(u32, &str, bool)> = hits
        .iter()
        .map(|h| (d.all()[h.div].code, &text[..h.end], h.short))
        .collect();
    assert_eq!(got, vec![(330000, "浙江省", false), (330000, "浙江", true)]);
}

#[test]
fn real_data_counts() {
    let d = real();
    let count = |l: Level| d.all().iter().filter(|x| x.level == l).count();
    assert_eq!(count(Level::Province), 34);
    assert_eq!(count(Level::City), 333);
    assert_eq!(count(Level::County), 2850);
    assert_eq!(d.by_code(441900).unwrap().name, "东莞市");
    assert_eq!(d.by_code(620200).unwrap().counties, 0);
    assert_eq!(d.by_code(460400).unwrap().name, "儋州市");
    assert_eq!(d.by_code(419001).unwrap().name, "济源市");
    assert_eq!(d.by_code(330114).unwrap().name, "钱塘区");
}

#[test]
fn real_data_ambiguous_names() {
    let d = real();
    let codes = |n: &str| d.find(n).iter().map(|x| x.code).collect::<Vec<_>>();
    assert_eq!(codes("朝阳区"), vec![110105, 220104]);
    assert_eq!(codes("西湖区"), vec![330106, 360103]);
    assert_eq!(codes("内蒙"), vec![150000]);
    assert_eq!(codes("吉林"), vec![220000, 220200]);
    assert_eq!(codes("恩施州"), vec![422800]);
}
