//! The built assets under `/pkg`: served precompressed (Brotli or gzip, as
//! the client accepts) when the build wrote those files, and cached for a
//! year when their names carry a content hash (a new build, a new name).

use axum::http::{header, HeaderValue, Response};
use leptos::prelude::LeptosOptions;
use tower::ServiceBuilder;
use tower_http::services::ServeDir;

/// For content-hashed names: never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For plain names (a development build): revalidated on every use.
pub const REVALIDATE: &str = "no-cache";

pub fn pkg_service(options: &LeptosOptions) -> axum::routing::MethodRouter {
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let cache = HeaderValue::from_static(if options.hash_files {
        IMMUTABLE
    } else {
        REVALIDATE
    });
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    let service = ServiceBuilder::new()
        .map_response(move |mut response: Response<_>| {
            // A missing file must not be remembered for a year.
            if response.status().is_success() {
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, cache.clone());
            }
            response
        })
        .service(files);
    axum::routing::get_service(service)
}
