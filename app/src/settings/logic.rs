//! Pure rules of the team settings: reading and writing them as stored key/value pairs.

use super::TeamSettings;

impl TeamSettings {
    /// From stored key/value pairs; unknown keys are ignored, missing keys keep their default.
    pub fn from_pairs(pairs: &[(String, String)]) -> TeamSettings {
        let mut s = TeamSettings::default();
        for (k, v) in pairs {
            if k == "agents_confirm_payment" {
                s.agents_confirm_payment = v == "1";
            }
            if k == "digest_time" {
                s.digest_time = v.as_str().into();
            }
        }
        s
    }

    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        vec![("agents_confirm_payment", if self.agents_confirm_payment { "1" } else { "0" }.to_string()), ("digest_time", self.digest_time.trim().to_string())]
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::TeamSettings;

    #[test]
    fn pairs_round_trip_with_defaults() {
        assert_eq!(TeamSettings::from_pairs(&[]), TeamSettings::default());
        let on = TeamSettings { agents_confirm_payment: true, digest_time: "09:00".into() };
        let pairs: Vec<(String, String)> = on.to_pairs().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(TeamSettings::from_pairs(&pairs), on);
    }
}
