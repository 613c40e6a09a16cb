//! The recipient's name: a labelled value (收货人：张三), a short piece that looks like a
//! Chinese name (2–4 characters led by a common surname, or 王女士), a name glued to the
//! address (张三浙江省… / …100号张三), or, with low confidence, a nickname.

use crate::intake::address::divisions::Divisions;
use crate::intake::address::normalize::is_han;

/// Common single-character surnames (the great majority of the population).
const SURNAMES: &str =
    "洪占凤钮王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程\
苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向\
汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷\
盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏\
宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕\
楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都\
普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣\
信展阴昝智幸奉植衡富尧闭由";

const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "南宫", "西门", "独孤", "澹台", "呼延",
];

/// Titles written after a surname or name: 王先生, 张三女士.
const HONORIFICS: &[&str] = &[
    "先生", "女士", "小姐", "老师", "同学", "师傅", "阿姨", "姐", "哥", "总",
];

/// Chat words that never occur in a name.
const STOPWORDS: &[&str] = &[
    "谢谢",
    "麻烦",
    "老板",
    "你好",
    "您好",
    "在吗",
    "好的",
    "收到",
    "快递",
    "顺丰",
    "中通",
    "圆通",
    "韵达",
    "申通",
    "邮政",
    "京东",
    "极兔",
    "包邮",
    "发货",
    "下单",
    "尽快",
    "今天",
    "明天",
    "后天",
    "周末",
    "加急",
    "到付",
    "亲爱的",
    "美女",
    "帅哥",
    "宝贝",
    "姐姐",
    "哥哥",
    "寄到",
    "发到",
    "送到",
    "联系",
    "收货人",
    "收件人",
    "一件",
    "两件",
    "一个",
    "两个",
    "一份",
    "两份",
    "一箱",
    "两箱",
    "现付",
    "月结",
    "拜托",
    "辛苦",
    "多谢",
    "感谢",
    "急用",
    "帮我",
    "给我",
    "不要",
    "工作日",
    "信息",
    "公司",
];

/// Characters that never occur in a name but often in chat or addresses.
const NOT_IN_NAMES: &str = "的了吗呢吧啊哦嗯请要发寄送路街巷弄号楼栋幢室层村镇乡区县省市苑院座厂店";

/// How sure a name guess is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameKind {
    /// No surname or a stray word: 小美, Lily.
    Nickname,
    /// Four characters, or a title without a known surname.
    Plausible,
    /// A common surname and one or two more characters, possibly with a title.
    Typical,
}

/// Length in bytes of the surname `s` starts with, if any.
pub fn surname_len(s: &str) -> Option<usize> {
    if let Some(c) = COMPOUND_SURNAMES.iter().find(|c| s.starts_with(*c)) {
        return Some(c.len());
    }
    let first = s.chars().next()?;
    SURNAMES.contains(first).then(|| first.len_utf8())
}

/// The name inside a piece: without a trailing 收 ("张三收" = "for 张三").
pub fn clean(s: &str) -> &str {
    s.strip_suffix('收')
        .filter(|b| b.chars().count() >= 2)
        .unwrap_or(s)
}

/// Judges a whole piece as a name. `None` when it is not one (a place, a chat word,
/// a street, digits).
pub fn judge(divs: &Divisions, s: &str) -> Option<NameKind> {
    judge_with(Some(divs), s)
}

/// Like [`judge`], but a place name is not ruled out (with `None`): used for pieces left
/// over once the address was found elsewhere, where 金华 is more likely a person.
pub fn judge_with(divs: Option<&Divisions>, s: &str) -> Option<NameKind> {
    let s = clean(s);
    if s.is_ascii() {
        let ok = (2..=20).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '.');
        return ok.then_some(NameKind::Nickname);
    }
    let chars = s.chars().count();
    let han_only = s.chars().all(|c| is_han(c) || c == '·');
    if !han_only || !(2..=8).contains(&chars) || wordy(s) {
        return None;
    }
    if s.contains('·') {
        return Some(NameKind::Plausible); // 买买提·艾力
    }
    if divs.is_some_and(|d| !d.find(s).is_empty()) {
        return None;
    }
    let title = HONORIFICS
        .iter()
        .find_map(|h| s.strip_suffix(h))
        .filter(|b| !b.is_empty());
    let base = title.unwrap_or(s);
    let base_chars = base.chars().count();
    let given = |n: usize| base[n..].chars().count();
    match surname_len(base) {
        Some(n) if base.len() == n && title.is_some() => Some(NameKind::Typical), // 王先生
        Some(n) if (1..=2).contains(&given(n)) => Some(NameKind::Typical),
        Some(n) if given(n) == 3 => Some(NameKind::Plausible),
        None if title.is_some() && base_chars <= 3 => Some(NameKind::Plausible),
        None if (2..=3).contains(&base_chars)
            && ["小", "阿", "老"].iter().any(|p| base.starts_with(p)) =>
        {
            Some(NameKind::Nickname)
        }
        _ => None,
    }
}

/// Chat words or address characters inside `s`.
fn wordy(s: &str) -> bool {
    STOPWORDS.iter().any(|w| s.contains(w)) || s.chars().any(|c| NOT_IN_NAMES.contains(c))
}

/// Two to four Chinese characters that could be a name with an unlisted surname (扎西,
/// 阿依古丽): used only for a piece right next to a phone number.
pub fn bare_name(s: &str) -> bool {
    let s = clean(s);
    (2..=4).contains(&s.chars().count()) && s.chars().all(is_han) && !wordy(s)
}

/// Where a name glued after the address begins: "…100号张三" → offset of 张. The name must
/// follow a house-number ending (digit, letter, 号, 室, 栋 …) and be a typical name.
pub fn trailing_name(divs: &Divisions, s: &str) -> Option<usize> {
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    for k in 2..=5usize {
        if k >= starts.len() {
            break;
        }
        let at = starts[starts.len() - k];
        let before = s[..at].chars().next_back()?;
        let terminal = before.is_ascii_alphanumeric() || "号室栋幢楼层座户门弄#)".contains(before);
        if terminal && judge(divs, &s[at..]) == Some(NameKind::Typical) {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn divs() -> Divisions {
        Divisions::parse(
            "330000\t浙江省\n330100\t杭州市\n330106\t西湖区\n340000\t安徽省\n341000\t黄山市\n",
        )
    }

    #[test]
    fn judges_names() {
        let d = divs();
        assert_eq!(judge(&d, "张三"), Some(NameKind::Typical));
        assert_eq!(judge(&d, "欧阳娜娜"), Some(NameKind::Typical));
        assert_eq!(judge(&d, "王女士"), Some(NameKind::Typical));
        assert_eq!(judge(&d, "张三先生"), Some(NameKind::Typical));
        assert_eq!(judge(&d, "李建国华"), Some(NameKind::Plausible));
        assert_eq!(judge(&d, "买买提·艾力"), Some(NameKind::Plausible));
        assert_eq!(judge(&d, "小美"), Some(NameKind::Nickname));
        assert_eq!(judge(&d, "Lily"), Some(NameKind::Nickname));
        assert_eq!(judge(&d, "张三收"), Some(NameKind::Typical));
        assert_eq!(clean("张三收"), "张三");
    }

    #[test]
    fn rejects_non_names() {
        let d = divs();
        for s in [
            "收货人",
            "谢谢",
            "谢谢老板",
            "杭州",
            "黄山",
            "西湖区",
            "文三路",
            "张",
            "13800138000",
            "要顺丰的",
            "先生",
        ] {
            assert_eq!(judge(&d, s), None, "{s}");
        }
    }

    #[test]
    fn bare_names() {
        assert!(bare_name("扎西"));
        assert!(bare_name("扎西收"));
        assert!(!bare_name("谢谢老板"));
        assert!(!bare_name("桃花岛路"));
        assert!(!bare_name("西"));
    }

    #[test]
    fn glued_trailing_names() {
        let d = divs();
        let s = "文三路100号张三";
        assert_eq!(trailing_name(&d, s).map(|i| &s[i..]), Some("张三"));
        let s = "3栋502王女士";
        assert_eq!(trailing_name(&d, s).map(|i| &s[i..]), Some("王女士"));
        assert_eq!(trailing_name(&d, "3栋502室"), None);
        assert_eq!(trailing_name(&d, "文三路张三"), None);
        let s = "8号楼李四";
        assert_eq!(trailing_name(&d, s).map(|i| &s[i..]), Some("李四"));
    }
}
