//! `/admin`: the review queue. Its filters, order and page live in the URL,
//! so a link reproduces the view.

use crate::api::review::review_queue;
use crate::components::page::PageTitle;
use crate::components::session::RequireRole;
use crate::components::zone::ReaderZone;
use crate::domain::Role;
use crate::model::queue::{status_slug, Holder, PageAt, QueueSort, QueueView, STATUS_FILTERS};
use crate::model::review::QueuePage;
use leptos::prelude::*;

/// The queue: rendered by the server (its filters are a plain form, its
/// pages links), so nothing of it runs in the browser.
#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <Queue/>
        </RequireRole>
    }
}

/// The URL's parameters as the server function takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Asked {
    status: String,
    holder: String,
    overdue: bool,
    sort: String,
    search: String,
    after: Option<String>,
    before: Option<String>,
}

impl Asked {
    /// The view the controls show: what was asked, or the default where
    /// the URL asks for something the queue does not offer (the server says so).
    fn view(&self) -> QueueView {
        QueueView::parse(
            &self.status,
            &self.holder,
            self.overdue,
            &self.sort,
            &self.search,
        )
        .unwrap_or_default()
    }
}

#[component]
fn Queue() -> impl IntoView {
    let asked = Memo::new(move |_| {
        use crate::components::nav::query;
        let text = |name: &str| query(name).unwrap_or_default();
        let cursor = |name: &str| query(name).filter(|c| !c.is_empty());
        Asked {
            status: text("status"),
            holder: text("holder"),
            overdue: text("overdue") == "true",
            sort: text("sort"),
            search: text("q"),
            after: cursor("after"),
            before: cursor("before"),
        }
    });
    let page = Resource::new(
        move || asked.get(),
        |a| {
            review_queue(
                a.status, a.holder, a.overdue, a.sort, a.search, a.after, a.before,
            )
        },
    );
    let view = Memo::new(move |_| asked.read().view());
    let t = crate::i18n::texts().review();
    view! {
        <PageTitle text=t.applications/>
        <div class="container page">
            <h1>{t.applications}</h1>
            <nav class="review-tools" aria-label=t.review_tools>
                <a href="/admin/metrics">{t.metrics}</a>
                <a href="/admin/operations">{t.operations}</a>
                // A file, not a page: the router leaves it to the browser.
                <a href=move || view.read().url(&PageAt::First).replacen("/admin?", "/admin/queue.csv?", 1) download="applications.csv" rel="external">
                    {t.download_csv}
                </a>
            </nav>
            <p class="lead">{t.queue_lead}</p>
            <form method="get" action="/admin" class="queue-filters">
                <div class="field">
                    <label for="status">{t.status}</label>
                    <select id="status" name="status">
                        {STATUS_FILTERS.into_iter().map(|s| view! {
                            <option value=status_slug(s) selected=move || view.read().status == s>
                                {s.map_or(t.all, |s| s.label())}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="holder">{t.assigned}</label>
                    <select id="holder" name="holder">
                        {Holder::ALL.into_iter().map(|h| view! {
                            <option value=h.slug() selected=move || view.read().holder == h>{h.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="sort">{t.order}</label>
                    <select id="sort" name="sort">
                        {QueueSort::ALL.into_iter().map(|s| view! {
                            <option value=s.slug() selected=move || view.read().sort == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="q">{t.search_label}</label>
                    <input id="q" name="q" type="search" value=move || view.read().search.clone() maxlength="200"/>
                </div>
                <label class="check overdue-only">
                    <input type="checkbox" name="overdue" value="true" checked=move || view.read().overdue/>
                    {t.overdue_only}
                </label>
                <button type="submit" class="button">{t.filter}</button>
            </form>
            <Transition fallback=move || view! { <p class="muted">{t.loading_applications}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <QueueTable page view=view.get_untracked()/> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.plain_message()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn describe(total: i64) -> String {
    use crate::model::review::COUNTED_UP_TO;
    let t = crate::i18n::texts().review();
    if total > COUNTED_UP_TO {
        (t.count_over)(COUNTED_UP_TO)
    } else {
        (t.count)(total)
    }
}

#[component]
fn QueueTable(page: QueuePage, view: QueueView) -> impl IntoView {
    let t = crate::i18n::texts().review();
    let count = view! { <p class="queue-count" role="status">{describe(page.total)}</p> };
    if page.rows.is_empty() {
        return view! {
            {count}
            <p class="card empty">{t.no_matches}</p>
        }
        .into_any();
    }
    let next = page.next.clone().map(|c| view.url(&PageAt::After(c)));
    let previous = page.previous.clone().map(|c| view.url(&PageAt::Before(c)));
    let first = previous.is_some().then(|| view.url(&PageAt::First));
    view! {
        {count}
        <div class="table-wrap card">
            <table class="queue">
                <caption class="visually-hidden">{(t.caption)(view.sort.label())}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.company}</th>
                        <th scope="col">{t.applicant}</th>
                        <th scope="col">{t.submitted}</th>
                        <th scope="col">{t.due}</th>
                        <th scope="col">{t.status}</th>
                        <th scope="col">{t.assignee}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! {
                        <tr class:overdue=row.overdue>
                            <td>
                                <a href=format!("/admin/applications/{}", row.id)>{row.company_name.clone()}</a>
                                <span class="muted application-id">{format!(" #{}", row.id)}</span>
                            </td>
                            <td>{row.applicant.clone()}</td>
                            <td>{ReaderZone::get().date(row.submitted_at).long()}</td>
                            <td>
                                {ReaderZone::get().date_time(row.due_at)}
                                {row.overdue.then(|| view! { <span class="badge badge-danger">{t.overdue}</span> })}
                            </td>
                            <td><span class=format!("badge status-{}", row.status.as_str())>{row.status.label()}</span></td>
                            <td>{row.assignee.clone().unwrap_or_else(|| t.unassigned.into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label=t.pages>
            {first.map(|href| view! { <a href=href>{t.first_page}</a> })}
            {previous.map(|href| view! { <a href=href class="button button-secondary">{t.previous_page}</a> })}
            {next.map(|href| view! { <a href=href class="button button-secondary">{t.next_page}</a> })}
        </nav>
    }
    .into_any()
}
