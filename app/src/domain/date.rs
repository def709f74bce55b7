//! Calendar arithmetic on Unix seconds, without a time-zone database: the
//! same code formats dates on the server and in the browser. A reader's
//! zone comes in as its offset from UTC at the instant shown
//! (`components::zone`).

use crate::i18n::Locale;

/// A calendar date (proleptic Gregorian, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The UTC date of a Unix timestamp in seconds.
    pub fn from_unix(secs: i64) -> Date {
        // Howard Hinnant's civil_from_days.
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    /// "1 November 2026" ("2026年11月1日"), in the language at hand.
    pub fn long(&self) -> String {
        self.long_in(crate::i18n::locale())
    }

    pub fn long_in(&self, locale: Locale) -> String {
        (locale.texts().common().date)(self.year, self.month, self.day)
    }

    /// "1 Nov" ("11月1日"), for a chart's axis.
    pub fn short(&self) -> String {
        (crate::i18n::texts().common().short_date)(self.month, self.day)
    }
}

/// "1 November 2026, 14:05 UTC"
pub fn date_time(secs: i64) -> String {
    date_time_at(secs, 0)
}

/// `secs` on a clock `offset` seconds east of UTC:
/// "1 November 2026, 22:05 GMT+8".
pub fn date_time_at(secs: i64, offset: i64) -> String {
    date_time_in(crate::i18n::locale(), secs, offset)
}

/// `date_time_at` in `locale` ("2026年11月1日 22:05（GMT+8）").
pub fn date_time_in(locale: Locale, secs: i64, offset: i64) -> String {
    let local = secs + offset;
    let minutes = local.rem_euclid(86_400) / 60;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    (locale.texts().common().date_time)(
        &Date::from_unix(local).long_in(locale),
        &time,
        &offset_label(offset),
    )
}

/// The cookie in which a browser keeps its IANA zone name.
pub const ZONE_COOKIE: &str = "tz";

/// Looks like an IANA zone name ("Asia/Shanghai", "America/Argentina/Salta", "UTC").
pub fn is_zone_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c))
}

/// A clock's offset from UTC as people read it: "UTC", "GMT+8", "GMT-3:30".
pub fn offset_label(offset: i64) -> String {
    if offset == 0 {
        return "UTC".into();
    }
    let sign = if offset > 0 { '+' } else { '-' };
    let minutes = offset.abs() / 60;
    match minutes % 60 {
        0 => format!("GMT{sign}{}", minutes / 60),
        rest => format!("GMT{sign}{}:{rest:02}", minutes / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_timestamps_map_to_their_dates() {
        assert_eq!(Date::from_unix(0).long(), "1 January 1970");
        assert_eq!(Date::from_unix(1_761_955_200).long(), "1 November 2025");
        assert_eq!(Date::from_unix(951_782_400).long(), "29 February 2000");
        assert_eq!(Date::from_unix(-1).long(), "31 December 1969");
        assert_eq!(
            date_time(1_795_428_000 + 5 * 60),
            "23 November 2026, 10:05 UTC"
        );
    }

    #[test]
    fn only_zone_names_pass_for_zone_names() {
        for name in [
            "Asia/Shanghai",
            "America/Argentina/Salta",
            "UTC",
            "Etc/GMT+8",
        ] {
            assert!(is_zone_name(name), "{name}");
        }
        for name in ["", "Asia/Shanghai; Path=/", "../../etc/passwd", "<script>"] {
            assert!(!is_zone_name(name), "{name}");
        }
    }

    #[test]
    fn a_time_reads_in_the_readers_zone_with_its_offset() {
        // Monday 30 November 2026, 20:00 UTC is already Tuesday in UTC+8.
        let due = 1_795_428_000 + 7 * 86_400 + 10 * 3600;
        assert_eq!(date_time(due), "30 November 2026, 20:00 UTC");
        assert_eq!(date_time_at(due, 8 * 3600), "1 December 2026, 04:00 GMT+8");
        assert_eq!(
            date_time_at(due, -(3 * 3600 + 1800)),
            "30 November 2026, 16:30 GMT-3:30"
        );
        assert_eq!(
            date_time_at(due, 5 * 3600 + 2700),
            "1 December 2026, 01:45 GMT+5:45"
        );
        assert_eq!(offset_label(0), "UTC");
    }
}
