//! The console's routes: one enum of its screens with what their URLs carry, one path builder
//! ([`Route::path`]) and one parser ([`Route::parse`]). Views link with `ctx.href(&route)`, so no
//! view writes a URL; the router's table in `app.rs` lists the same shapes.

use crate::api::ids::{JobTaskName, TaskId, WorkflowKey};
use crate::domain::log::render::{format_hash, parse_hash};
use crate::domain::workflows::Sort;
use crate::net::url::{dec, enc, parse_query, with_query};

/// Page sizes the task history offers; the first page of 20 is the default.
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE: u32 = 20;

/// A screen of the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The project picker (`/`).
    Projects,
    /// Settings, with where to go back to after signing in.
    Settings { back: Option<String> },
    /// A project's workflows, in a view, searched, sorted.
    Workflows { project: String, list: ListQuery },
    /// Approvals waiting for the signed-in person: in every project (`/approvals`, the inbox),
    /// or in one.
    Approvals { project: Option<String> },
    /// The pre-approval ticket form.
    NewTicket { project: String },
    /// The editor creating a workflow, into a view when one is given.
    NewWorkflow { project: String, view: String },
    /// A workflow: definition, parameters and its task history.
    Workflow {
        project: String,
        workflow: WorkflowKey,
        history: HistoryQuery,
    },
    /// The editor updating a workflow.
    EditWorkflow {
        project: String,
        workflow: WorkflowKey,
    },
    /// The run form, pre-filled from a past task and/or from the link's own fields.
    Run {
        project: String,
        workflow: WorkflowKey,
        from: Option<TaskId>,
        prefill: Vec<(String, String)>,
    },
    /// A task: timeline, one job's panel and log lines.
    Task {
        project: String,
        workflow: WorkflowKey,
        task: TaskId,
        job: Option<JobTaskName>,
        lines: Option<(usize, usize)>,
    },
    /// Two tasks of a workflow side by side: what changed from task `a` to task `b`.
    Compare {
        project: String,
        workflow: WorkflowKey,
        a: TaskId,
        b: TaskId,
    },
}

/// The workflow list's state kept in its URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// The view tab (`""`: all workflows).
    pub view: String,
    /// The search text.
    pub search: String,
    pub sort: Sort,
    /// Only the person's favourites.
    pub favourites: bool,
}

impl ListQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let sort = if self.sort == Sort::default() {
            ""
        } else {
            self.sort.as_str()
        };
        vec![
            ("view", self.view.clone()),
            ("q", self.search.clone()),
            ("sort", sort.to_string()),
            ("fav", if self.favourites { "1" } else { "" }.to_string()),
        ]
    }

    /// From a query, read through `get` (unknown keys ignored).
    pub fn read(get: impl Fn(&str) -> Option<String>) -> ListQuery {
        let get = |k: &str| get(k).unwrap_or_default();
        ListQuery {
            view: get("view"),
            search: get("q"),
            sort: Sort::parse(&get("sort")),
            favourites: get("fav") == "1",
        }
    }
}

/// The task history's state kept in its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryQuery {
    /// 1-based.
    pub page: u32,
    /// One of [`PAGE_SIZES`].
    pub size: u32,
    /// A status filter (`""`: any).
    pub status: String,
    /// A creator filter (`""`: anyone).
    pub creator: String,
}

impl Default for HistoryQuery {
    fn default() -> Self {
        HistoryQuery {
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            status: String::new(),
            creator: String::new(),
        }
    }
}

impl HistoryQuery {
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let d = HistoryQuery::default();
        let or_empty = |v: u32, d: u32| if v == d { String::new() } else { v.to_string() };
        vec![
            ("page", or_empty(self.page, d.page)),
            ("size", or_empty(self.size, d.size)),
            ("status", self.status.clone()),
            ("creator", self.creator.clone()),
        ]
    }

    /// From a query, read through `get`: a page below 1 or a size not offered falls back to the
    /// default.
    pub fn read(get: impl Fn(&str) -> Option<String>) -> HistoryQuery {
        let d = HistoryQuery::default();
        let number = |k: &str| get(k).and_then(|v| v.parse::<u32>().ok());
        HistoryQuery {
            page: number("page").filter(|p| *p > 0).unwrap_or(d.page),
            size: number("size")
                .filter(|s| PAGE_SIZES.contains(s))
                .unwrap_or(d.size),
            status: get("status").unwrap_or_default(),
            creator: get("creator").unwrap_or_default(),
        }
    }
}

/// Which screen a route draws, without what its URL carries: the screen stays drawn while only
/// its parameters, query or fragment change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    Projects,
    Settings,
    Workflows,
    Approvals,
    NewTicket,
    NewWorkflow,
    Workflow,
    EditWorkflow,
    Run,
    Task,
    Compare,
    /// A path no screen has.
    NotFound,
}

impl Screen {
    /// The screen of a parsed route (`None`: a path no screen has).
    pub fn of(route: Option<&Route>) -> Screen {
        match route {
            None => Screen::NotFound,
            Some(Route::Projects) => Screen::Projects,
            Some(Route::Settings { .. }) => Screen::Settings,
            Some(Route::Workflows { .. }) => Screen::Workflows,
            Some(Route::Approvals { .. }) => Screen::Approvals,
            Some(Route::NewTicket { .. }) => Screen::NewTicket,
            Some(Route::NewWorkflow { .. }) => Screen::NewWorkflow,
            Some(Route::Workflow { .. }) => Screen::Workflow,
            Some(Route::EditWorkflow { .. }) => Screen::EditWorkflow,
            Some(Route::Run { .. }) => Screen::Run,
            Some(Route::Task { .. }) => Screen::Task,
            Some(Route::Compare { .. }) => Screen::Compare,
        }
    }
}

/// When screens' code is fetched ahead of use (`config.json` `prefetch`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Prefetch {
    /// Every screen once the page has settled and the browser is idle, and a link's screen when
    /// it is pointed at or focused.
    #[default]
    Idle,
    /// Only a link's screen, when it is pointed at or focused (metered or slow networks).
    Hover,
    /// Nothing ahead: a screen's code is fetched when it is opened.
    Off,
}

impl Prefetch {
    /// From `config.json`; anything else is the default.
    pub fn parse(s: &str) -> Prefetch {
        match s.trim() {
            "hover" => Prefetch::Hover,
            "off" => Prefetch::Off,
            _ => Prefetch::Idle,
        }
    }
}

/// The screen a link leads to when it is a console link (same origin, under the base), for
/// fetching its code ahead; `None` for any other link.
pub fn screen_of_link(base: &str, origin: &str, href: &str) -> Option<Screen> {
    let to = crate::net::url::in_page_link(href, origin, base, Default::default())?;
    let path = to.split(['?', '#']).next().unwrap_or("");
    Some(Screen::of(route_at(base, path, "", "").as_ref()))
}

/// The route the browser is on, parsed once for every screen (context provided by the app).
#[derive(Clone, Copy)]
struct CurrentRoute(leptos::prelude::Memo<Option<Route>>);

/// The route of a location under the deployment's base: `pathname` as the browser has it,
/// `search` and `hash` with or without their leading `?` and `#`.
pub fn route_at(base: &str, pathname: &str, search: &str, hash: &str) -> Option<Route> {
    let (search, hash) = (search.trim_start_matches('?'), hash.trim_start_matches('#'));
    let mut r = crate::net::url::route_under(base, pathname);
    if !search.is_empty() {
        r = format!("{r}?{search}");
    }
    if !hash.is_empty() {
        r = format!("{r}#{hash}");
    }
    Route::parse(&r)
}

/// Tracks the router's location as a [`Route`] under the document base `base` and provides it to
/// everything below (inside a `<Router>`).
pub fn provide_current_route(base: String) -> leptos::prelude::Memo<Option<Route>> {
    let route = location_route(base);
    leptos::prelude::provide_context(CurrentRoute(route));
    route
}

fn location_route(base: String) -> leptos::prelude::Memo<Option<Route>> {
    use leptos::prelude::{Get, Memo};
    let loc = crate::nav::use_location();
    Memo::new(move |_| {
        route_at(
            &base,
            &loc.pathname.get(),
            &loc.search.get(),
            &loc.hash.get(),
        )
    })
}

/// The current route (inside a `<Router>`; without the app's context, read from the location at
/// the site root, as component tests mount things).
pub fn use_route() -> leptos::prelude::Memo<Option<Route>> {
    leptos::prelude::use_context::<CurrentRoute>()
        .map(|c| c.0)
        .unwrap_or_else(|| location_route(String::new()))
}

/// The document's title for a route: what the screen shows, then the console's name (tabs,
/// history and an embedding portal name the page by it).
pub fn page_title(route: Option<&Route>, app: &str) -> String {
    match route.and_then(Route::title) {
        Some(t) => format!("{t} · {app}"),
        None => app.to_string(),
    }
}

/// Where the current screen is: its path parameters, `""` (or task 0) where the route has none.
/// A value stays as it was when the route moves to one without it: the screen being left stays
/// drawn until the next one's code is in, and must not read (say) task 0 meanwhile.
#[derive(Clone, Copy)]
pub struct Place {
    pub project: leptos::prelude::Memo<String>,
    pub workflow: leptos::prelude::Memo<WorkflowKey>,
    pub task: leptos::prelude::Memo<TaskId>,
}

/// The current screen's [`Place`], tracking the router.
pub fn use_place() -> Place {
    use leptos::prelude::{Memo, With};
    let route = use_route();
    Place {
        project: Memo::new(move |prev: Option<&String>| {
            route.with(|r| match r.as_ref().and_then(Route::project_key) {
                Some(p) => p.to_string(),
                None => prev.cloned().unwrap_or_default(),
            })
        }),
        workflow: Memo::new(move |prev: Option<&WorkflowKey>| {
            route.with(|r| match r.as_ref().and_then(Route::workflow_key) {
                Some(w) => w.clone(),
                None => prev.cloned().unwrap_or_default(),
            })
        }),
        task: Memo::new(move |prev: Option<&TaskId>| {
            route.with(|r| match r {
                Some(Route::Task { task, .. }) => *task,
                _ => prev.copied().unwrap_or_default(),
            })
        }),
    }
}

fn value(q: &[(String, String)], key: &str) -> Option<String> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
}

fn pairs_ref<'a>(pairs: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

impl Route {
    /// A project's workflow list as it opens.
    pub fn workflows(project: &str) -> Route {
        Route::Workflows {
            project: project.to_string(),
            list: ListQuery::default(),
        }
    }

    /// A workflow's page, its history on the first page.
    pub fn workflow(project: &str, workflow: &WorkflowKey) -> Route {
        Route::Workflow {
            project: project.to_string(),
            workflow: workflow.clone(),
            history: HistoryQuery::default(),
        }
    }

    /// A task's page, no job chosen.
    pub fn task(project: &str, workflow: &WorkflowKey, task: TaskId) -> Route {
        Route::Task {
            project: project.to_string(),
            workflow: workflow.clone(),
            task,
            job: None,
            lines: None,
        }
    }

    /// A task's page on one job.
    pub fn job(project: &str, workflow: &WorkflowKey, task: TaskId, job: &JobTaskName) -> Route {
        Route::Task {
            project: project.to_string(),
            workflow: workflow.clone(),
            task,
            job: Some(job.clone()),
            lines: None,
        }
    }

    /// The run form, pre-filled from task `from` when given.
    pub fn run(project: &str, workflow: &WorkflowKey, from: Option<TaskId>) -> Route {
        Route::Run {
            project: project.to_string(),
            workflow: workflow.clone(),
            from,
            prefill: Vec::new(),
        }
    }

    /// The path inside the console (before the deployment's base), with query and fragment.
    pub fn path(&self) -> String {
        let wf = |p: &str, w: &WorkflowKey| {
            format!("/projects/{}/workflows/{}", enc(p), enc(w.as_str()))
        };
        match self {
            Route::Projects => "/".to_string(),
            Route::Settings { back } => {
                with_query("/settings", &[("return", back.as_deref().unwrap_or(""))])
            }
            Route::Workflows { project, list } => with_query(
                &format!("/projects/{}", enc(project)),
                &pairs_ref(&list.pairs()),
            ),
            Route::Approvals { project: None } => "/approvals".to_string(),
            Route::Approvals {
                project: Some(project),
            } => format!("/projects/{}/approvals", enc(project)),
            Route::NewTicket { project } => format!("/projects/{}/tickets/new", enc(project)),
            Route::NewWorkflow { project, view } => with_query(
                &format!("/projects/{}/workflows/new", enc(project)),
                &[("view", view)],
            ),
            Route::Workflow {
                project,
                workflow,
                history,
            } => with_query(&wf(project, workflow), &pairs_ref(&history.pairs())),
            Route::EditWorkflow { project, workflow } => {
                format!("{}/edit", wf(project, workflow))
            }
            Route::Run {
                project,
                workflow,
                from,
                prefill,
            } => {
                let from = from.map(|f| f.to_string()).unwrap_or_default();
                let mut pairs = vec![("from", from.as_str())];
                pairs.extend(
                    prefill
                        .iter()
                        .filter(|(k, _)| k != "from")
                        .map(|(k, v)| (k.as_str(), v.as_str())),
                );
                with_query(&format!("{}/run", wf(project, workflow)), &pairs)
            }
            Route::Task {
                project,
                workflow,
                task,
                job,
                lines,
            } => {
                let path = with_query(
                    &format!("{}/tasks/{task}", wf(project, workflow)),
                    &[("job", job.as_ref().map_or("", JobTaskName::as_str))],
                );
                match lines {
                    Some((a, b)) => format!("{path}{}", format_hash(*a, *b)),
                    None => path,
                }
            }
            Route::Compare {
                project,
                workflow,
                a,
                b,
            } => format!("{}/tasks/{a}/compare/{b}", wf(project, workflow)),
        }
    }

    /// The screen a console path shows (query and fragment included); `None` for a path no screen
    /// has.
    pub fn parse(route: &str) -> Option<Route> {
        let (rest, fragment) = route.split_once('#').unwrap_or((route, ""));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let q = parse_query(query);
        let segs: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(dec).collect();
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let own = |x: &str| x.to_string();
        let key = |x: &str| WorkflowKey::from(x);
        Some(match s.as_slice() {
            [] => Route::Projects,
            ["settings"] => Route::Settings {
                back: value(&q, "return").filter(|r| !r.is_empty()),
            },
            ["projects", p] => Route::Workflows {
                project: own(p),
                list: ListQuery::read(|k| value(&q, k)),
            },
            ["approvals"] => Route::Approvals { project: None },
            ["projects", p, "approvals"] => Route::Approvals {
                project: Some(own(p)),
            },
            ["projects", p, "tickets", "new"] => Route::NewTicket { project: own(p) },
            ["projects", p, "workflows", "new"] => Route::NewWorkflow {
                project: own(p),
                view: value(&q, "view").unwrap_or_default(),
            },
            ["projects", p, "workflows", w] => Route::Workflow {
                project: own(p),
                workflow: key(w),
                history: HistoryQuery::read(|k| value(&q, k)),
            },
            ["projects", p, "workflows", w, "edit"] => Route::EditWorkflow {
                project: own(p),
                workflow: key(w),
            },
            ["projects", p, "workflows", w, "run"] => Route::Run {
                project: own(p),
                workflow: key(w),
                from: value(&q, "from").and_then(|f| f.trim().parse().ok()),
                prefill: q.iter().filter(|(k, _)| k != "from").cloned().collect(),
            },
            ["projects", p, "workflows", w, "tasks", t] => Route::Task {
                project: own(p),
                workflow: key(w),
                task: t.parse().ok()?,
                job: value(&q, "job")
                    .filter(|j| !j.is_empty())
                    .map(JobTaskName::from),
                lines: parse_hash(&format!("#{fragment}")),
            },
            ["projects", p, "workflows", w, "tasks", a, "compare", b] => Route::Compare {
                project: own(p),
                workflow: key(w),
                a: a.parse().ok()?,
                b: b.parse().ok()?,
            },
            _ => return None,
        })
    }

    /// The project a route belongs to.
    pub fn project_key(&self) -> Option<&str> {
        match self {
            Route::Projects | Route::Settings { .. } => None,
            Route::Approvals { project } => project.as_deref(),
            Route::Workflows { project, .. }
            | Route::NewTicket { project }
            | Route::NewWorkflow { project, .. }
            | Route::Workflow { project, .. }
            | Route::EditWorkflow { project, .. }
            | Route::Run { project, .. }
            | Route::Task { project, .. }
            | Route::Compare { project, .. } => Some(project),
        }
    }

    /// The workflow a route belongs to (its page and everything under it).
    pub fn workflow_key(&self) -> Option<&WorkflowKey> {
        match self {
            Route::Workflow { workflow, .. }
            | Route::EditWorkflow { workflow, .. }
            | Route::Run { workflow, .. }
            | Route::Task { workflow, .. }
            | Route::Compare { workflow, .. } => Some(workflow),
            _ => None,
        }
    }

    /// The names the screen shows, for titles: `demo`, `build-deploy`, `build-deploy #12`.
    pub fn title(&self) -> Option<String> {
        match self {
            Route::Task { workflow, task, .. } => Some(format!("{workflow} #{task}")),
            Route::Compare { workflow, a, b, .. } => Some(format!("{workflow} #{a} ↔ #{b}")),
            _ => self
                .workflow_key()
                .map(WorkflowKey::as_str)
                .or(self.project_key())
                .map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_route() -> Vec<Route> {
        let (p, w) = ("demo 项目", &WorkflowKey::from("build/deploy?#"));
        vec![
            Route::Projects,
            Route::Settings { back: None },
            Route::Settings {
                back: Some("/projects/demo?view=a b".into()),
            },
            Route::workflows(p),
            Route::Workflows {
                project: p.into(),
                list: ListQuery {
                    view: "发布".into(),
                    search: "a&b=c".into(),
                    sort: Sort::UpdatedAsc,
                    favourites: true,
                },
            },
            Route::Approvals {
                project: Some(p.into()),
            },
            Route::Approvals { project: None },
            Route::NewTicket { project: p.into() },
            Route::NewWorkflow {
                project: p.into(),
                view: String::new(),
            },
            Route::NewWorkflow {
                project: p.into(),
                view: "v 1".into(),
            },
            Route::workflow(p, w),
            Route::Workflow {
                project: p.into(),
                workflow: w.clone(),
                history: HistoryQuery {
                    page: 3,
                    size: 50,
                    status: "failed".into(),
                    creator: "李雷".into(),
                },
            },
            Route::EditWorkflow {
                project: p.into(),
                workflow: w.clone(),
            },
            Route::run(p, w, None),
            Route::run(p, w, Some(TaskId::new(12))),
            Route::Run {
                project: p.into(),
                workflow: w.clone(),
                from: Some(TaskId::new(3)),
                prefill: vec![("p.tag".into(), "v1 & v2".into())],
            },
            Route::task(p, w, TaskId::new(7)),
            Route::job(p, w, TaskId::new(7), &"build x".into()),
            Route::Task {
                project: p.into(),
                workflow: w.clone(),
                task: TaskId::new(7),
                job: Some("deploy".into()),
                lines: Some((3, 9)),
            },
            Route::Compare {
                project: p.into(),
                workflow: w.clone(),
                a: TaskId::new(2),
                b: TaskId::new(3),
            },
        ]
    }

    #[test]
    fn every_route_reads_back_from_its_path() {
        for r in every_route() {
            assert_eq!(Route::parse(&r.path()).as_ref(), Some(&r), "{}", r.path());
        }
    }

    #[test]
    fn paths_are_encoded_and_leave_defaults_out() {
        assert_eq!(Route::Projects.path(), "/");
        assert_eq!(Route::Settings { back: None }.path(), "/settings");
        assert_eq!(
            Route::Settings {
                back: Some("/projects/a?x=1".into())
            }
            .path(),
            "/settings?return=%2Fprojects%2Fa%3Fx%3D1"
        );
        assert_eq!(Route::workflows("a b").path(), "/projects/a%20b");
        assert_eq!(
            Route::workflow("demo", &"build/x".into()).path(),
            "/projects/demo/workflows/build%2Fx"
        );
        assert_eq!(
            Route::Workflow {
                project: "demo".into(),
                workflow: "w".into(),
                history: HistoryQuery {
                    page: 2,
                    ..HistoryQuery::default()
                }
            }
            .path(),
            "/projects/demo/workflows/w?page=2"
        );
        assert_eq!(
            Route::run("demo", &"w".into(), Some(TaskId::new(4))).path(),
            "/projects/demo/workflows/w/run?from=4"
        );
        assert_eq!(
            Route::Task {
                project: "demo".into(),
                workflow: "w".into(),
                task: TaskId::new(12),
                job: Some("a b".into()),
                lines: Some((5, 5)),
            }
            .path(),
            "/projects/demo/workflows/w/tasks/12?job=a%20b#L5"
        );
        assert_eq!(
            Route::NewWorkflow {
                project: "demo".into(),
                view: "v".into()
            }
            .path(),
            "/projects/demo/workflows/new?view=v"
        );
    }

    #[test]
    fn odd_paths_are_no_screen_or_fall_back_to_defaults() {
        for bad in [
            "/projects",
            "/projects/demo/workflows",
            "/projects/demo/workflows/w/tasks/x",
            "/projects/demo/workflows/w/tasks",
            "/nope",
            "/projects/demo/workflows/w/tasks/1/more",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
        assert_eq!(Route::parse("//"), Some(Route::Projects));
        let Some(Route::Workflow { history, .. }) =
            Route::parse("/projects/d/workflows/w?page=0&size=7")
        else {
            panic!("a workflow route")
        };
        assert_eq!(history, HistoryQuery::default());
        let Some(Route::Task { lines, job, .. }) =
            Route::parse("/projects/d/workflows/w/tasks/3?job=#L9-L4")
        else {
            panic!("a task route")
        };
        assert_eq!((lines, job), (Some((4, 9)), None));
    }

    #[test]
    fn every_route_has_its_screen_and_unknown_paths_are_not_found() {
        let screens: Vec<Screen> = every_route().iter().map(|r| Screen::of(Some(r))).collect();
        for s in [
            Screen::Projects,
            Screen::Settings,
            Screen::Workflows,
            Screen::Approvals,
            Screen::NewTicket,
            Screen::NewWorkflow,
            Screen::Workflow,
            Screen::EditWorkflow,
            Screen::Run,
            Screen::Task,
            Screen::Compare,
        ] {
            assert!(screens.contains(&s), "{s:?}");
        }
        assert_eq!(Screen::of(Route::parse("/nope").as_ref()), Screen::NotFound);
        // The screen does not change with what the URL carries.
        let a = Route::parse("/projects/a/workflows/w/tasks/1?job=x#L3");
        let b = Route::parse("/projects/b/workflows/v/tasks/2");
        assert_eq!(Screen::of(a.as_ref()), Screen::of(b.as_ref()));
    }

    #[test]
    fn a_location_reads_as_a_route_under_the_base() {
        let base = "https://portal.example/console/";
        assert_eq!(
            route_at(base, "/console/projects/a%20b", "?view=v", ""),
            Some(Route::Workflows {
                project: "a b".into(),
                list: ListQuery {
                    view: "v".into(),
                    ..ListQuery::default()
                }
            })
        );
        assert_eq!(route_at(base, "/console", "", ""), Some(Route::Projects));
        assert_eq!(route_at(base, "/console/", "?", "#"), Some(Route::Projects));
        let Some(Route::Task { lines, job, .. }) = route_at(
            "http://localhost:8080/",
            "/projects/d/workflows/w/tasks/3",
            "job=j",
            "#L4-L9",
        ) else {
            panic!("a task route")
        };
        assert_eq!((lines, job), (Some((4, 9)), Some("j".into())));
        // Outside the base the path is read as it is.
        assert_eq!(
            route_at(base, "/settings", "", ""),
            Some(Route::Settings { back: None })
        );
        assert_eq!(route_at(base, "/console/nope", "", ""), None);
    }

    #[test]
    fn prefetch_settings_and_the_screens_links_lead_to() {
        assert_eq!(Prefetch::parse("hover"), Prefetch::Hover);
        assert_eq!(Prefetch::parse(" off "), Prefetch::Off);
        assert_eq!(Prefetch::parse(""), Prefetch::Idle);
        assert_eq!(Prefetch::parse("eager"), Prefetch::Idle);
        let (base, origin) = ("https://p.example/console/", "https://p.example");
        assert_eq!(
            screen_of_link(
                base,
                origin,
                "https://p.example/console/projects/d/workflows/w?x=1#L2"
            ),
            Some(Screen::Workflow)
        );
        assert_eq!(
            screen_of_link(base, origin, "https://p.example/console"),
            Some(Screen::Projects)
        );
        // Another origin, another app on the same host, a look-alike host.
        assert_eq!(
            screen_of_link(base, origin, "https://q.example/console/settings"),
            None
        );
        assert_eq!(
            screen_of_link(base, origin, "https://p.example/other/settings"),
            None
        );
        assert_eq!(
            screen_of_link(base, origin, "https://p.example.evil/console/settings"),
            None
        );
        assert_eq!(
            screen_of_link(
                "http://h:8080/",
                "http://h:8080",
                "http://h:8080/projects/d/workflows/w/tasks/3"
            ),
            Some(Screen::Task)
        );
    }

    #[test]
    fn page_titles_name_what_the_screen_shows() {
        let t = Route::parse("/projects/demo/workflows/w/tasks/3");
        assert_eq!(page_title(t.as_ref(), "App"), "w #3 · App");
        assert_eq!(page_title(Some(&Route::Projects), "App"), "App");
        assert_eq!(page_title(None, "App"), "App");
    }

    #[test]
    fn titles_name_what_a_route_shows() {
        for (route, want) in [
            ("/projects/demo", Some("demo")),
            ("/projects/demo/approvals", Some("demo")),
            (
                "/projects/demo/workflows/build%20x/run?from=2",
                Some("build x"),
            ),
            (
                "/projects/demo/workflows/b/tasks/12?job=a#L3",
                Some("b #12"),
            ),
            ("/projects/demo/workflows/new", Some("demo")),
            ("/settings", None),
            ("/", None),
        ] {
            assert_eq!(
                Route::parse(route).and_then(|r| r.title()).as_deref(),
                want,
                "{route}"
            );
        }
    }

    #[test]
    fn titles_and_owners() {
        let t = Route::parse("/projects/demo/workflows/build%20x/tasks/12?job=a#L3").unwrap();
        assert_eq!(t.title().as_deref(), Some("build x #12"));
        assert_eq!(
            (t.project_key(), t.workflow_key().map(WorkflowKey::as_str)),
            (Some("demo"), Some("build x"))
        );
        let n = Route::parse("/projects/demo/workflows/new").unwrap();
        assert_eq!(
            (n.title().as_deref(), n.workflow_key()),
            (Some("demo"), None)
        );
        assert_eq!(Route::parse("/settings").unwrap().title(), None);
        assert_eq!(
            Route::parse("/projects/demo/approvals")
                .unwrap()
                .title()
                .as_deref(),
            Some("demo")
        );
    }
}
