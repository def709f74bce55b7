//! Building blocks shared by several pages.

pub mod browser;
pub mod flash;
pub mod footer;
pub mod form;
pub mod fresh;
pub mod header;
pub mod logo;
pub mod nav;
pub mod page;
pub mod page_data;
pub mod session;
pub mod typed;
pub mod wizard_steps;
pub mod zone;
