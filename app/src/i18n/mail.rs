//! Mail texts.

texts! {
    pub struct Mail (EN, ZH_CN) {
        placeholder: "Placeholder", "占位";
    }
}
