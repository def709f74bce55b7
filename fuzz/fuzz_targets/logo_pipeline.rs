//! The logo pipeline on arbitrary bytes: it refuses with a message or
//! answers a 256×256 PNG; it never panics (memory is bounded by its limits).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(png) = app::backend::logos::process(data) {
        let image = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .expect("the pipeline writes a readable PNG");
        assert_eq!((image.width(), image.height()), (256, 256));
    }
});
