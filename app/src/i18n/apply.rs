//! Apply texts.

texts! {
    pub struct Apply (EN, ZH_CN) {
        placeholder: "Placeholder", "占位";
    }
}

texts! {
    pub struct Fields (FIELDS_EN, FIELDS_ZH_CN) {
        placeholder: "Placeholder", "占位";
    }
}
