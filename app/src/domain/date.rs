//! Calendar arithmetic on Unix seconds, without a time-zone database: the
//! same code formats dates on the server and in the browser.

/// A calendar date (proleptic Gregorian, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

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

    /// "1 November 2026"
    pub fn long(&self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS[(self.month - 1) as usize],
            self.year
        )
    }
}

impl Date {
    /// "1 Nov", for a chart's axis.
    pub fn short(&self) -> String {
        format!("{} {}", self.day, &MONTHS[(self.month - 1) as usize][..3])
    }
}

/// "1 November 2026, 14:05 UTC"
pub fn date_time(secs: i64) -> String {
    let minutes = secs.rem_euclid(86_400) / 60;
    format!(
        "{}, {:02}:{:02} UTC",
        Date::from_unix(secs).long(),
        minutes / 60,
        minutes % 60
    )
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
}
