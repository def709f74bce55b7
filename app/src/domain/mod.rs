//! Domain values: each type parses raw input once into a valid value, with a
//! message a user can act on. Pure code, shared by the browser and the server.

pub mod application;
pub mod business;
pub mod countries;
pub mod date;
pub mod detail_field;
pub mod email;
pub mod logo;
pub mod member_role;
pub mod password;
pub mod review;
pub mod role;
pub mod signup;
pub mod status;
pub mod text;

pub use detail_field::DetailField;
pub use email::Email;
pub use member_role::MemberRole;
pub use password::Password;
pub use role::Role;
pub use status::Status;

/// The product's name, in the header, footer, titles and mail.
pub const PRODUCT_NAME: &str = "Mini Program Platform";
