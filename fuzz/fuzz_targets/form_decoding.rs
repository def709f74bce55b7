//! Form bodies as the server functions decode them (serde_qs with the
//! settings server_fn uses), then the domain's parsing: nothing may panic,
//! and what validates must validate again unchanged.
#![no_main]

use app::domain::signup::{LoginInput, SignupInput};
use app::model::application::DraftInput;
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Deserialize)]
struct SaveDraft {
    input: DraftInput,
}

#[derive(Deserialize)]
struct Signup {
    input: SignupInput,
}

#[derive(Deserialize)]
struct Login {
    input: LoginInput,
}

fn decode<T: for<'de> Deserialize<'de>>(body: &str) -> Option<T> {
    serde_qs::Config::new(5, false).deserialize_str(body).ok()
}

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    if let Some(SaveDraft { input }) = decode(&body) {
        let _ = input.details.check_draft_bounds();
        if let Ok(valid) = input.details.validate() {
            let again = valid.to_details().validate().expect("normalised details validate again");
            assert_eq!(again.to_details(), valid.to_details());
        }
    }
    if let Some(Signup { input }) = decode(&body) {
        let _ = input.validate();
    }
    if let Some(Login { input }) = decode(&body) {
        let _ = input.validate();
    }
    let _ = app::domain::review::RejectionReason::parse(&body);
});
