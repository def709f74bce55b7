//! Storage, one module per aggregate: each owns its table's columns, row
//! mapping and binds. Domain values cross into SQL through the codecs below,
//! so a status or step is written and read in one place, and a stored value
//! the code does not know is an error, never a guess.

pub mod applications;
pub mod events;

use crate::domain::application::Step;
use crate::domain::{DetailField, Status};
use sqlx::any::{Any, AnyTypeInfo};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

/// How many colours the default logo's palette has (see style/main.css).
pub const PALETTE_SIZE: u32 = 12;

/// A stored palette index, kept in range whatever the database holds.
pub fn palette_index(stored: i32) -> u8 {
    stored.clamp(0, PALETTE_SIZE as i32 - 1) as u8
}

/// Implements text encoding and strict decoding for a domain enum.
macro_rules! text_codec {
    ($ty:ty, $what:literal, $to:expr, $from:expr) => {
        impl Type<Any> for $ty {
            fn type_info() -> AnyTypeInfo {
                <str as Type<Any>>::type_info()
            }
        }

        impl<'q> Encode<'q, Any> for $ty {
            fn encode_by_ref(
                &self,
                buf: &mut <Any as Database>::ArgumentBuffer<'q>,
            ) -> Result<IsNull, BoxDynError> {
                let text: &'static str = $to(*self);
                <&str as Encode<'q, Any>>::encode(text, buf)
            }
        }

        impl<'r> Decode<'r, Any> for $ty {
            fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <String as Decode<'r, Any>>::decode(value)?;
                $from(&text)
                    .ok_or_else(|| format!("unknown {} {text:?} in the database", $what).into())
            }
        }
    };
}

text_codec!(Status, "application status", Status::as_str, Status::parse);
text_codec!(Step, "wizard step", Step::slug, Step::from_slug);

/// The fields a reviewer flagged, stored comma-separated in form order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlaggedFields(pub Vec<DetailField>);

impl FlaggedFields {
    fn encode_text(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|f| f.name()).collect();
        names.join(",")
    }

    fn decode_text(text: &str) -> Result<FlaggedFields, String> {
        text.split(',')
            .filter(|name| !name.is_empty())
            .map(|name| {
                DetailField::from_name(name)
                    .ok_or_else(|| format!("unknown flagged field {name:?} in the database"))
            })
            .collect::<Result<_, _>>()
            .map(FlaggedFields)
    }
}

impl Type<Any> for FlaggedFields {
    fn type_info() -> AnyTypeInfo {
        <str as Type<Any>>::type_info()
    }
}

impl<'q> Encode<'q, Any> for FlaggedFields {
    fn encode_by_ref(
        &self,
        buf: &mut <Any as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Any>>::encode(self.encode_text(), buf)
    }
}

impl<'r> Decode<'r, Any> for FlaggedFields {
    fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        Ok(FlaggedFields::decode_text(&text)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flagged_fields_round_trip_and_unknown_names_are_errors() {
        let fields = FlaggedFields(vec![DetailField::CompanyName, DetailField::Logo]);
        assert_eq!(fields.encode_text(), "company_name,logo");
        assert_eq!(FlaggedFields::decode_text("company_name,logo"), Ok(fields));
        assert_eq!(FlaggedFields::decode_text(""), Ok(FlaggedFields::default()));
        assert!(FlaggedFields::decode_text("company_name,status").is_err());
    }

    #[test]
    fn palette_indexes_stay_in_range() {
        assert_eq!(palette_index(-3), 0);
        assert_eq!(palette_index(5), 5);
        assert_eq!(palette_index(99), PALETTE_SIZE as u8 - 1);
    }
}
