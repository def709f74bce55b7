//! Team texts.

texts! {
    pub struct Team (EN, ZH_CN) {
        placeholder: "Placeholder", "占位";
    }
}
