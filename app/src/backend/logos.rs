//! Business logos: checked by their bytes (never the file name or the
//! browser's MIME type), decoded with limits, cropped to a square and
//! re-encoded as a 256×256 PNG, so no original bytes are ever served back.

use super::store::applications as store;
use super::{queue, rate_limit, AppState};
use crate::error::AppError;
use image::{imageops::FilterType, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

pub use crate::domain::logo::wrong_type;
pub use crate::domain::logo::{damaged, empty, too_large, too_wide, MAX_BYTES, MAX_DIMENSION};
pub const OUTPUT_SIZE: u32 = 256;
/// The most a decode may allocate: a 4096×4096 RGBA image plus headroom.
const MAX_ALLOC: u64 = 96 * 1024 * 1024;

/// The 256×256 PNG for an uploaded image, or a message saying why it was refused.
pub fn process(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    if bytes.is_empty() {
        return Err(empty());
    }
    if bytes.len() > MAX_BYTES {
        return Err(too_large());
    }
    let format = image::guess_format(bytes).map_err(|_| wrong_type())?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return Err(wrong_type());
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => too_wide(),
        _ => damaged(),
    })?;
    let side = image.width().min(image.height());
    if side == 0 {
        return Err(damaged());
    }
    // A view of the centred square and a resize from it: no full-size copy.
    let square = image::imageops::crop_imm(
        &image,
        (image.width() - side) / 2,
        (image.height() - side) / 2,
        side,
        side,
    );
    let resized = image::imageops::resize(&*square, OUTPUT_SIZE, OUTPUT_SIZE, FilterType::Lanczos3);
    drop(image);
    let mut png = Vec::new();
    resized
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|_| damaged())?;
    Ok(png)
}

fn new_id() -> String {
    super::codes::random_hex(16)
}

/// Whether `id` looks like one of ours (so it can go into a path safely).
pub fn is_valid_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// Processes `bytes` off the async runtime, stores the PNG and puts it on the
/// merchant's draft. Returns the new logo's id.
pub async fn store_for_draft(
    state: &AppState,
    user_id: i64,
    bytes: Vec<u8>,
) -> Result<String, AppError> {
    rate_limit::hit(
        state,
        &rate_limit::LOGO_UPLOADS_PER_ACCOUNT,
        &user_id.to_string(),
    )
    .await?;
    let png = state
        .decoding
        .run(move || process(&bytes))
        .await?
        .map_err(|message| AppError::field("logo", message))?;
    let id = new_id();
    let now = state.clock.now();
    let context = AppError::context("Failed to store a logo");
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    sqlx::query("insert into logos (id, user_id, png, created_at) values ($1, $2, $3, $4)")
        .bind(&id)
        .bind(user_id)
        .bind(png)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(&context)?;
    let Some(draft) = store::set_draft_logo(&mut tx, user_id, Some(&id), now)
        .await
        .map_err(&context)?
    else {
        return Err(AppError::Conflict(
            crate::i18n::texts().apply().no_draft_for_logo.into(),
        ));
    };
    // The logo this one replaces (if any) is deleted once nothing uses it.
    queue::enqueue_logo_pruning(&mut tx, draft, now + PRUNE_GRACE_SECS, now)
        .await
        .map_err(&context)?;
    tx.commit().await.map_err(&context)?;
    tracing::info!(user_id, "logo uploaded");
    Ok(id)
}

/// Takes the logo off the merchant's draft (the default logo shows instead).
pub async fn remove_from_draft(state: &AppState, user_id: i64) -> Result<(), AppError> {
    let context = AppError::context("Failed to remove a logo");
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await.map_err(&context)?;
    if let Some(draft) = store::set_draft_logo(&mut tx, user_id, None, now)
        .await
        .map_err(&context)?
    {
        queue::enqueue_logo_pruning(&mut tx, draft, now + PRUNE_GRACE_SECS, now)
            .await
            .map_err(&context)?;
    }
    tx.commit().await.map_err(&context)
}

/// How long an unused logo is kept (a page still showing it keeps working).
pub const PRUNE_GRACE_SECS: i64 = 24 * 3600;

/// Deletes the logos of application `application_id`'s merchant that are
/// older than the grace period and used by no application or workspace.
/// A job (see `queue::enqueue_logo_pruning`); safe to run again.
pub async fn prune_unreferenced(
    db: &super::Db,
    application_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query(
        "delete from logos where created_at <= $1 \
           and user_id = (select user_id from applications where id = $2) \
           and id not in (select logo_id from applications where logo_id is not null) \
           and id not in (select logo_id from workspaces where logo_id is not null)",
    )
    .bind(now - PRUNE_GRACE_SECS)
    .bind(application_id)
    .execute(&mut *db.write_conn().await?)
    .await?
    .rows_affected();
    Ok(deleted)
}

/// The PNG and its owner.
pub async fn load(state: &AppState, id: &str) -> Result<Option<(i64, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("select user_id, png from logos where id = $1")
        .bind(id)
        .fetch_optional(state.db.pool())
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{DynamicImage, RgbaImage};

    fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut out = Vec::new();
        image.write_to(&mut Cursor::new(&mut out), format).unwrap();
        out
    }

    #[test]
    fn accepted_images_become_a_256_pixel_square_png() {
        let wide = DynamicImage::ImageRgba8(RgbaImage::from_pixel(
            600,
            300,
            image::Rgba([200, 30, 30, 255]),
        ));
        for format in [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::WebP] {
            let source = if format == ImageFormat::Jpeg {
                DynamicImage::ImageRgb8(wide.to_rgb8())
            } else {
                wide.clone()
            };
            let png = process(&encode(&source, format)).unwrap();
            assert_eq!(image::guess_format(&png).unwrap(), ImageFormat::Png);
            let out = image::load_from_memory(&png).unwrap();
            assert_eq!((out.width(), out.height()), (256, 256));
        }
    }

    #[test]
    fn refused_files_get_a_specific_message() {
        assert_eq!(process(&[]), Err(empty()));
        assert_eq!(process(&vec![0u8; MAX_BYTES + 1]), Err(too_large()));
        assert_eq!(process(b"GIF89a\x01\x00\x01\x00"), Err(wrong_type()));
        assert_eq!(
            process(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"),
            Err(wrong_type())
        );
        assert_eq!(
            process(b"MZ\x90\x00 this is an executable named logo.png"),
            Err(wrong_type())
        );
        let png = encode(&DynamicImage::new_rgba8(64, 64), ImageFormat::Png);
        assert_eq!(process(&png[..png.len() / 2]), Err(damaged()), "truncated");
    }

    #[test]
    fn huge_dimensions_are_refused_before_decoding() {
        // A valid PNG header claiming 100,000 × 100,000 pixels: refused from the header alone.
        let mut png = encode(&DynamicImage::new_rgba8(1, 1), ImageFormat::Png);
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(process(&png), Err(too_wide()));
        let just_over = encode(&DynamicImage::new_luma8(4097, 1), ImageFormat::Png);
        assert_eq!(process(&just_over), Err(too_wide()));
    }

    /// CRC-32 as PNG chunks use it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        // 4096×4096 of one colour compresses to a few kB but is accepted (within limits);
        // one pixel more in each direction is a bomb by our rules.
        let bomb = encode(&DynamicImage::new_luma8(5000, 5000), ImageFormat::Png);
        assert!(bomb.len() < MAX_BYTES, "small on disk: {}", bomb.len());
        assert_eq!(process(&bomb), Err(too_wide()));
    }

    #[test]
    fn ids_are_random_hex_and_checked_before_use() {
        let id = new_id();
        assert!(is_valid_id(&id));
        assert_ne!(id, new_id());
        for bad in [
            "../../etc/passwd",
            "",
            "ABCDEF0123456789ABCDEF0123456789",
            "zz",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
