//! The Business Logo's limits and messages, shared by the browser's
//! pre-upload check and the server's processing.

pub const MAX_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_DIMENSION: u32 = 4096;

pub const WRONG_TYPE: &str = "This file is not a PNG, JPEG or WebP image. Choose one of those.";
pub const TOO_LARGE: &str = "The logo is larger than 2 MB. Choose a smaller file.";
pub const TOO_WIDE: &str = "The image is larger than 4096 × 4096 pixels. Choose a smaller image.";
pub const DAMAGED: &str = "The image could not be read; the file may be damaged. Try another file.";
pub const EMPTY: &str = "The file is empty. Choose an image file.";
