//! `/admin`: applications by status, oldest due first, with search and
//! paging that live in the URL.

use crate::api::review::review_queue;
use crate::components::session::RequireRole;
use crate::domain::date::Date;
use crate::domain::{Role, Status};
use crate::model::review::QueuePage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

const FILTERS: [Status; 4] = [
    Status::InReview,
    Status::Approved,
    Status::Rejected,
    Status::Withdrawn,
];

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <Queue/>
        </RequireRole>
    }
}

/// The queue's URL for a status, search and page.
fn queue_url(status: Status, search: &str, after: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("status", status.as_str());
    if !search.is_empty() {
        query.append_pair("q", search);
    }
    if let Some(after) = after {
        query.append_pair("after", after);
    }
    format!("/admin?{}", query.finish())
}

#[component]
fn Queue() -> impl IntoView {
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query
            .read()
            .get("status")
            .and_then(|s| Status::parse(&s))
            .filter(|s| *s != Status::Draft)
            .unwrap_or(Status::InReview)
    });
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let after = Memo::new(move |_| query.read().get("after").filter(|a| !a.is_empty()));
    let page = Resource::new(
        move || (status.get(), search.get(), after.get()),
        |(status, search, after)| review_queue(status, search, after),
    );
    view! {
        <Title text="Applications"/>
        <div class="container page">
            <h1>"Applications"</h1>
            <p class="lead">"Oldest due first. Overdue applications are marked."</p>
            <Form method="GET" action="/admin" attr:class="queue-filters">
                <div class="field">
                    <label for="status">"Status"</label>
                    <select id="status" name="status">
                        {FILTERS.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || status.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="q">"Search company or email"</label>
                    <input id="q" name="q" type="search" value=move || search.get() maxlength="200"/>
                </div>
                <button type="submit" class="button">"Filter"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"Loading applications…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <QueueTable page status=status.get_untracked() search=search.get_untracked() paged=after.get_untracked().is_some()/> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn QueueTable(page: QueuePage, status: Status, search: String, paged: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! {
            <p class="card empty">{format!("No {} applications{}.", status.label().to_lowercase(), if search.is_empty() { String::new() } else { format!(" match “{search}”") })}</p>
        }
        .into_any();
    }
    let next = page
        .next
        .clone()
        .map(|cursor| queue_url(status, &search, Some(&cursor)));
    let first = paged.then(|| queue_url(status, &search, None));
    view! {
        <div class="table-wrap card">
            <table class="queue">
                <caption class="visually-hidden">{format!("{} applications, oldest due first", status.label())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Company"</th>
                        <th scope="col">"Applicant"</th>
                        <th scope="col">"Submitted"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Assignee"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! {
                        <tr class:overdue=row.overdue>
                            <td><A href=format!("/admin/applications/{}", row.id)>{row.company_name.clone()}</A></td>
                            <td>{row.applicant.clone()}</td>
                            <td>{Date::from_unix(row.submitted_at).long()}</td>
                            <td>
                                {Date::from_unix(row.due_at).long()}
                                {row.overdue.then(|| view! { <span class="badge badge-danger">"Overdue"</span> })}
                            </td>
                            <td><span class=format!("badge status-{}", row.status.as_str())>{row.status.label()}</span></td>
                            <td>{row.assignee.clone().unwrap_or_else(|| "Unassigned".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {first.map(|href| view! { <A href=href>"First page"</A> })}
            {next.map(|href| view! { <A href=href attr:class="button button-secondary">"Next page"</A> })}
        </nav>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_urls_encode_search_and_cursor() {
        assert_eq!(
            queue_url(Status::InReview, "", None),
            "/admin?status=in_review"
        );
        assert_eq!(
            queue_url(Status::Rejected, "a&b c", Some("1:2")),
            "/admin?status=rejected&q=a%26b+c&after=1%3A2"
        );
    }
}
