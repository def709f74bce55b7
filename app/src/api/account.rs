//! The account page: change the password, delete the account. (The data
//! download is a plain file route in the server.)

use crate::domain::signup::ChangePasswordInput;
use crate::error::AppError;
use leptos::prelude::*;

/// Sets a new password; every other session of the account ends, this one
/// goes on.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(input: ChangePasswordInput) -> Result<(), AppError> {
    use crate::api::auth::ssr;
    let (state, session) = ssr::context().await?;
    let user = crate::backend::session::require_user(&state, &session).await?;
    let req = ssr::request_info().await;
    let epoch = crate::backend::own_account::change_password(&state, user.id, &input, &req).await?;
    crate::backend::session::start(&state, &session, user.id, epoch, &req).await
}

/// Deletes the account once its password is confirmed, and logs out.
#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(password: String) -> Result<(), AppError> {
    use crate::api::auth::ssr;
    let (state, session) = ssr::context().await?;
    let user = crate::backend::session::require_user(&state, &session).await?;
    let req = ssr::request_info().await;
    crate::backend::own_account::delete(&state, user.id, password, &req).await?;
    crate::backend::session::end(&state, &session).await
}

/// The account's live sessions (its devices), this one first and marked.
#[server(prefix = "/api", endpoint = "my_devices", input = leptos::server_fn::codec::GetUrl)]
pub async fn my_devices() -> Result<Vec<crate::model::account::Device>, AppError> {
    let (state, session) = crate::api::auth::ssr::context().await?;
    crate::backend::session::devices(&state, &session).await
}

/// Logs out every other session of the account; returns how many ended.
#[server(prefix = "/api", endpoint = "log_out_other_sessions")]
pub async fn log_out_other_sessions() -> Result<u64, AppError> {
    let (state, session) = crate::api::auth::ssr::context().await?;
    crate::backend::session::end_others(&state, &session).await
}

/// Mails a code to a new address for this account; returns the seconds
/// until another may be sent.
#[server(prefix = "/api", endpoint = "request_email_change")]
pub async fn request_email_change(new_email: String) -> Result<i64, AppError> {
    use crate::api::auth::ssr;
    let (state, session) = ssr::context().await?;
    let user = crate::backend::session::require_user(&state, &session).await?;
    let req = ssr::request_info().await;
    crate::backend::email_changes::request(&state, user.id, &new_email, &req).await
}

/// Moves the account to the new address with the mailed code; returns it.
#[server(prefix = "/api", endpoint = "confirm_email_change")]
pub async fn confirm_email_change(code: String) -> Result<String, AppError> {
    use crate::api::auth::ssr;
    let (state, session) = ssr::context().await?;
    let user = crate::backend::session::require_user(&state, &session).await?;
    crate::backend::email_changes::confirm(&state, user.id, &code).await
}

/// Saves the browser's time zone on the account, for the dates in its mail.
#[server(prefix = "/api", endpoint = "save_time_zone")]
pub async fn save_time_zone(time_zone: String) -> Result<(), AppError> {
    let (state, session) = crate::api::auth::ssr::context().await?;
    let user = crate::backend::session::require_user(&state, &session).await?;
    crate::backend::users::save_time_zone(&state, user.id, &time_zone).await
}
