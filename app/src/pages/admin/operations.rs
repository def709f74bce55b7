//! `/admin/operations`: mail and jobs that failed for good, each with its
//! last error and a Retry button (the same operation as `server queue retry`).

use crate::api::review::{dead_items, RetryDeadItem};
use crate::components::flash::FormStart;
use crate::components::fresh::kept_fresh;
use crate::components::page::PageTitle;
use crate::components::session::RequireRole;
use crate::components::zone::ReaderZone;
use crate::domain::Role;
use crate::error::AppError;
use crate::model::operations::DeadItem;
use leptos::prelude::*;

#[component]
pub fn OperationsPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <OperationsRead/>
        </RequireRole>
    }
}

/// The server reads the data; the island gets it as a prop.
#[component]
fn OperationsRead() -> impl IntoView {
    let data = Resource::new(|| (), |_| dead_items());
    view! {
        <Suspense>
            {move || Suspend::new(async move { view! { <Operations initial=data.await/> } })}
        </Suspense>
    }
}

#[island(lazy)]
fn Operations(initial: Result<Vec<DeadItem>, AppError>) -> impl IntoView {
    let t = crate::i18n::texts().review();
    let retry = ServerAction::<RetryDeadItem>::new();
    // A retry posted without JavaScript comes back with its answer.
    let posted = FormStart::for_endpoint("retry_dead_item");
    let message = RwSignal::new(posted.error().map(|e| e.plain_message()));
    let done = RwSignal::new(None::<String>);
    Effect::new(move |_| match retry.value().get() {
        Some(Ok(entry)) => {
            message.set(None);
            done.set(Some((t.requeued)(&entry)));
        }
        Some(Err(err)) => {
            done.set(None);
            message.set(Some(err.plain_message()));
        }
        None => {}
    });
    let items = kept_fresh(initial, move || retry.version().get(), |_| dead_items());
    view! {
        <PageTitle text=t.operations/>
        <div class="container page">
            <p><a href="/admin">{t.all_applications}</a></p>
            <h1>{t.operations}</h1>
            <p class="lead">{t.ops_lead}</p>
            {move || done.get().map(|m| view! { <p class="alert alert-success" role="status">{m}</p> })}
            {move || message.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}

                {move || {
                    match items.get() {
                        Ok(items) if items.is_empty() => view! {
                            <p class="card empty">{t.nothing_failed}</p>
                        }.into_any(),
                        Ok(items) => view! { <DeadTable items retry/> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.plain_message()}</p> }.into_any(),
                    }
                }}

        </div>
    }
}

#[component]
fn DeadTable(items: Vec<DeadItem>, retry: ServerAction<RetryDeadItem>) -> impl IntoView {
    let t = crate::i18n::texts().review();
    view! {
        <div class="table-wrap card">
            <table>
                <caption class="visually-hidden">{t.failed_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.entry}</th>
                        <th scope="col">{t.what}</th>
                        <th scope="col">{t.attempts}</th>
                        <th scope="col">{t.last_error}</th>
                        <th scope="col">{t.queued}</th>
                        <th scope="col"><span class="visually-hidden">{t.action}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|item| {
                        let entry = item.entry.clone();
                        let label = (t.retry_entry)(&item.entry);
                        view! {
                            <tr>
                                <td>{item.entry.clone()}<br/><span class="muted">{if item.is_mail { t.mail } else { t.job }}</span></td>
                                <td class="wrap-anywhere">{item.what.clone()}</td>
                                <td>{item.attempts}</td>
                                <td class="wrap-anywhere">{item.last_error.clone()}</td>
                                <td>{ReaderZone::get().date_time(item.created_at)}</td>
                                <td>
                                    <form method="post" action="/api/retry_dead_item"
                                        on:submit=move |ev: leptos::ev::SubmitEvent| {
                                            ev.prevent_default();
                                            retry.dispatch(RetryDeadItem { entry: entry.clone() });
                                        }>
                                        <input type="hidden" name="entry" value=item.entry.clone()/>
                                        <button type="submit" class="button button-small" aria-label=label disabled=move || retry.pending().get()>{t.retry}</button>
                                    </form>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
