/// Defines one area's texts: a struct with a field per key, and its English
/// and Chinese values side by side, so neither can miss a key.
///
/// ```ignore
/// texts! {
///     pub struct Login (EN, ZH_CN) {
///         title: "Log in", "登录";
///     }
///     fn {
///         sent_to(email: &str): format!("Sent to {email}"), format!("已发送至 {email}");
///     }
/// }
/// ```
macro_rules! texts {
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($en_name:ident, $zh_name:ident) {
            $( $key:ident : $en:expr , $zh:expr ; )*
        }
        $( fn {
            $( $fkey:ident ( $($arg:ident : $ty:ty),* ) : $fen:expr , $fzh:expr ; )*
        } )?
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( pub $key: &'static str, )*
            $( $( pub $fkey: fn($($ty),*) -> String, )* )?
        }

        pub static $en_name: $name = $name {
            $( $key: $en, )*
            $( $( $fkey: |$($arg: $ty),*| $fen, )* )?
        };

        pub static $zh_name: $name = $name {
            $( $key: $zh, )*
            $( $( $fkey: |$($arg: $ty),*| $fzh, )* )?
        };

        impl $name {
            /// Every key with its English and Chinese (functions called
            /// with empty arguments), for the completeness test.
            #[cfg(test)]
            #[allow(clippy::vec_init_then_push)]
            pub fn pairs() -> Vec<(&'static str, String, String)> {
                let mut all: Vec<(&'static str, String, String)> = Vec::new();
                $( all.push((stringify!($key), $en_name.$key.to_string(), $zh_name.$key.to_string())); )*
                $( $( all.push((
                    stringify!($fkey),
                    ($en_name.$fkey)($(<$ty>::default()),*),
                    ($zh_name.$fkey)($(<$ty>::default()),*),
                )); )* )?
                all
            }
        }
    };
}
