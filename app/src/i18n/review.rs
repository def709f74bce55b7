//! Review texts.

texts! {
    pub struct Review (EN, ZH_CN) {
        placeholder: "Placeholder", "占位";
    }
}
