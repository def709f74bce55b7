use crate::error::AppError;
use crate::model::terms::TermsOfService;
use leptos::prelude::*;

#[server(prefix = "/api", endpoint = "terms", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_terms() -> Result<TermsOfService, AppError> {
    let state = crate::backend::AppState::from_context()?;
    crate::backend::terms::current(&state).await
}
