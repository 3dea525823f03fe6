//! English and Simplified Chinese. Every user-visible string goes through [`T`] or a function
//! here; a test checks both languages are filled in.

/// A language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    ZhCn,
}

impl Locale {
    /// From a stored or browser language tag.
    pub fn parse(s: &str) -> Locale {
        if s.to_ascii_lowercase().starts_with("zh") {
            Locale::ZhCn
        } else {
            Locale::En
        }
    }
    pub fn tag(&self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::ZhCn => "zh-CN",
        }
    }
}

/// The two languages of one text.
#[derive(Debug, PartialEq, Eq)]
pub struct Texts {
    en: &'static str,
    zh: &'static str,
}

/// A translatable text: `T::Key`, a constant per text. A text's strings are data referred to
/// only by the code that shows it, so in the split release build they travel in the chunk of
/// the screen that uses them (one table indexed by a key would keep every screen's texts in the
/// first load).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct T(&'static Texts);

macro_rules! texts {
    ($($key:ident => $en:expr, $zh:expr;)*) => {
        #[allow(non_upper_case_globals)]
        impl T {
            $(pub const $key: T = T(&Texts { en: $en, zh: $zh });)*
            /// Every text, for completeness tests.
            #[cfg(test)]
            pub const ALL: &'static [T] = &[$(T::$key),*];
        }
    };
}

impl T {
    /// The text in a language.
    pub fn get(self, l: Locale) -> &'static str {
        match l {
            Locale::En => self.0.en,
            Locale::ZhCn => self.0.zh,
        }
    }
}

/// What is wrong with a pasted token, as a sentence.
pub fn token_problem(p: crate::domain::token::TokenProblem, l: Locale) -> String {
    use crate::domain::token::{shown_char, TokenProblem};
    match p {
        TokenProblem::Empty => T::TokenEmpty.get(l).to_string(),
        TokenProblem::Truncated => T::TokenTruncated.get(l).to_string(),
        TokenProblem::BadChar(c) => T::TokenBadChar.fill(l, &[("char", &shown_char(c))]),
    }
}

impl T {
    /// The text with its `{name}` placeholders filled in (whole sentences, never glued pieces).
    pub fn fill(self, l: Locale, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.get(l).to_string(), |s, (k, v)| {
            s.replace(&format!("{{{k}}}"), v)
        })
    }
}

texts! {
    AppName => "Zadig Workflow Console", "Zadig 工作流控制台";
    NavProjects => "Projects", "项目";
    NavSettings => "Settings", "设置";
    Loading => "Loading…", "加载中…";
    Retry => "Try again", "重试";
    BootFailed => "The console could not be loaded. Check the connection and reload the page.", "无法加载控制台。请检查网络连接后重新加载页面。";
    ChunkFailed => "This part of the console could not be loaded. Check the connection and try again.", "无法加载控制台的这一部分。请检查网络连接后重试。";
    Save => "Save", "保存";
    Saved => "Saved", "已保存";
    Cancel => "Cancel", "取消";
    Close => "Close", "关闭";
    Show => "Show", "显示";
    Hide => "Hide", "隐藏";
    Clear => "Clear", "清除";
    PickProject => "Choose a project", "选择项目";
    PickProjectHint => "Projects you can see with this token. The console remembers your last choice.", "当前令牌可见的项目。控制台会记住你上次的选择。";
    LastUsed => "Last used", "上次使用";
    NoProjects => "No projects are visible with this token.", "当前令牌看不到任何项目。";
    NoProjectsHint => "Check the token in Settings, or ask a Zadig admin to add you to a project.", "请在设置中检查令牌，或请 Zadig 管理员将你加入项目。";
    FilterProjects => "Filter projects", "筛选项目";
    NoMatch => "Nothing matches this filter.", "没有符合筛选条件的结果。";
    SettingsTitle => "Settings", "设置";
    Server => "Server", "服务器";
    ApiBase => "API base URL", "API 地址";
    ApiBaseHint => "Leave empty to use the origin this console is served from (Zadig sends no CORS headers, so another origin only works through a proxy).", "留空则使用控制台所在的源（Zadig 不返回 CORS 头，其他源只能经代理访问）。";
    ApiBaseNotUrl => "Enter a path starting with / or an http(s):// address.", "请输入以 / 开头的路径或 http(s):// 地址。";
    ApiBaseHasQuery => "The API base cannot contain ? or #.", "API 地址不能包含 ? 或 #。";
    AuthMode => "Authentication", "认证方式";
    AuthToken => "API token", "API 令牌";
    AuthProxy => "Proxy adds the header", "由代理添加认证头";
    AuthEmbed => "Handed over by the embedding page", "由嵌入页面传入";
    Token => "API token", "API 令牌";
    TokenHint => "Zadig → Account settings → API token. Kept for this browser tab only and never put in a page URL.", "Zadig → 账号设置 → API 令牌。仅保存在当前浏览器标签页，不会出现在页面地址中。";
    TokenSet => "A token is set for this tab.", "当前标签页已设置令牌。";
    TokenMissing => "No token set: Zadig will answer 401.", "未设置令牌：Zadig 会返回 401。";
    TokenSignedInAs => "Signed in as", "当前用户";
    TokenMalformed => "This does not look like a Zadig token (three dot-separated parts).", "这不像 Zadig 令牌（应为三段以点分隔的字符串）。";
    Language => "Language", "语言";
    Theme => "Theme", "主题";
    ThemeSystem => "Follow system", "跟随系统";
    ThemeLight => "Light", "浅色";
    ThemeDark => "Dark", "深色";
    ErrUnauthorized => "Zadig did not accept the token (401).", "Zadig 未接受该令牌（401）。";
    ErrUnauthorizedHint => "Set a valid API token in Settings. Your place here is kept.", "请在设置中填写有效的 API 令牌，当前页面会保留。";
    ErrForbidden => "You do not have permission for this (403).", "你没有执行此操作的权限（403）。";
    ErrMfa => "Zadig requires multi-factor authentication for this account (403).", "Zadig 要求该账号进行多因素认证（403）。";
    ErrNotFound => "Not found (404).", "未找到（404）。";
    ErrBadRequest => "Zadig rejected the request as malformed (400).", "Zadig 认为请求格式不正确（400）。";
    ErrZadig => "Zadig returned an error", "Zadig 返回错误";
    ErrInternal => "Zadig failed with an internal error", "Zadig 内部错误";
    ErrHttp => "Unexpected answer from the server", "服务器返回了意外的响应";
    ErrNetwork => "Cannot reach the server.", "无法连接服务器。";
    ErrNetworkHint => "Check the network and the API base URL in Settings.", "请检查网络以及设置中的 API 地址。";
    ErrTimeout => "The server did not answer in time.", "服务器响应超时。";
    ErrDecode => "The server's answer could not be read.", "无法解析服务器的响应。";
    ErrCode => "Code", "错误码";
    GoToSettings => "Open Settings", "打开设置";
    NotFoundTitle => "This page does not exist.", "页面不存在。";
    BackToProjects => "Back to projects", "返回项目列表";
    ConfigError => "public/config.json could not be read; using defaults.", "无法读取 public/config.json，已使用默认配置。";
    Workflows => "Workflows", "工作流";
    NewTicket => "New pre-approval ticket", "新建预审批单";
    NewTicketHint => "A ticket from your change system that lets runs of ticketed workflows through, within its limits. Needs a ZadigX professional licence.", "来自变更系统的审批单，在其限制范围内允许执行需审批单的工作流。需要 ZadigX 专业版授权。";
    TicketId => "Approval ID (from your change system)", "审批单号（来自变更系统）";
    TicketEffective => "In effect", "生效";
    TicketEnvs => "Environments (none: any)", "环境（不选则不限）";
    TicketServices => "Services (none: any)", "服务（不填则不限）";
    TicketUsers => "People who may run (none: anyone)", "可执行人员（不填则不限）";
    TicketStart => "Window opens", "执行窗口开始";
    TicketEnd => "Window closes", "执行窗口结束";
    AddRow => "Add", "添加";
    CreateTicket => "Create ticket", "创建审批单";
    TicketCreated => "The ticket was created.", "审批单已创建。";
    TicketIdMissing => "Enter the approval ID.", "请填写审批单号。";
    TicketBadTime => "Enter a date and time.", "请填写日期和时间。";
    TicketEndBeforeStart => "The window must close after it opens.", "结束时间必须晚于开始时间。";
    TicketServiceIncomplete => "Each service row needs a service and a module.", "每行服务都需要服务名和服务组件。";
    TicketUserIncomplete => "Each person needs a name and an email address.", "每位人员都需要姓名和邮箱。";
    NewView => "New view", "新建视图";
    EditView => "Edit view", "编辑视图";
    DeleteView => "Delete view", "删除视图";
    DeleteViewHint => "The workflows stay; only the view goes:", "只删除视图，工作流不受影响：";
    ViewNameMissing => "Give the view a name.", "请填写视图名称。";
    ViewNameTaken => "A view of this name exists already.", "已存在同名视图。";
    DeleteWorkflow => "Delete workflow", "删除工作流";
    DeleteWorkflowHint => "This removes the workflow and its history. Type its key to confirm:", "此操作会删除工作流及其历史记录。请输入工作流标识以确认：";
    MyApprovals => "Waiting for my approval", "待我审批";
    InboxHint => "Running tasks in every project you can see with an approval you can decide, oldest first.", "你能看到的所有项目中等待你审批的运行中任务，按等待时间排序。";
    NavApprovals => "Approvals", "审批";
    ApprovalsWaiting => "{count} approvals waiting for you", "有 {count} 个审批在等你";
    Project => "Project", "项目";
    TasksPerPage => "Tasks per page", "每页任务数";
    WorkflowDefinitionYaml => "The workflow's definition (YAML)", "工作流定义（YAML）";
    ShortcutsTitle => "Keyboard shortcuts", "键盘快捷键";
    ShortcutsHint => "Shortcuts do nothing while you type in a field or while a dialog is open.", "在输入框中输入或有对话框打开时，快捷键不起作用。";
    KeyHelp => "Show these shortcuts", "显示这些快捷键";
    KeyGoProjects => "Go to the projects", "前往项目列表";
    KeyGoApprovals => "Go to the approvals waiting for you", "前往待我审批";
    KeySearch => "Search on this page", "在本页搜索";
    KeyNextPrev => "Next or previous item of the list (workflows, tasks, jobs, approvals)", "列表中的下一项或上一项（工作流、任务、作业、审批）";
    KeyOpen => "Open the chosen item", "打开所选项";
    KeyRun => "Run the workflow, or run the task again", "运行工作流，或再次运行任务";
    KeyMatches => "Next or previous match in the log", "日志中的下一个或上一个匹配";
    KeyFollow => "Follow the live end of the log", "跟随日志的最新输出";
    KeyDecide => "Approve or reject the chosen approval (the dialog asks to confirm)", "批准或拒绝所选审批（对话框会请求确认）";
    KeyClose => "Close the dialog", "关闭对话框";
    WatchFinished => "{workflow} #{task} finished: {status}.", "{workflow} #{task} 已结束：{status}。";
    WatchWaits => "{workflow} #{task} waits for your approval.", "{workflow} #{task} 正在等待你审批。";
    Watch => "Watch", "关注";
    Watching => "Watching", "已关注";
    WatchTaskHint => "Tell me when this task finishes", "此任务结束时通知我";
    WatchWorkflowHint => "Tell me when a task of this workflow finishes", "此工作流的任务结束时通知我";
    NotifyTitle => "Notifications", "通知";
    NotifyLabel => "Show a browser notification when a task I watch finishes or an approval waits for me while this tab is in the background", "当此标签页在后台时，如果我关注的任务结束或有审批等我，显示浏览器通知";
    NotifyHint => "Tasks you start are watched; watch others with the Watch button on a task or a workflow. While the tab is in front, a note in the corner says it instead.", "你发起的任务会自动关注；其他任务或工作流可用“关注”按钮关注。标签页在前台时，改为在页面角落提示。";
    NotifyDenied => "The browser blocks notifications for this site: allow them in its site settings.", "浏览器已阻止此网站的通知：请在浏览器的网站设置中允许。";
    NotifyUnsupported => "This browser cannot show notifications.", "此浏览器无法显示通知。";
    NotifyOn => "Notifications are on.", "通知已开启。";
    ShipsTitle => "What will ship", "将要发布的内容";
    ShipsNone => "No deployment runs after this approval.", "此审批之后没有部署任务。";
    ShipsProduction => "production", "生产环境";
    ShipsService => "Service", "服务";
    ShipsImage => "Image to deploy", "将部署的镜像";
    ShipsNow => "Runs there now", "当前运行的镜像";
    ShipsNowUnknown => "not known", "未知";
    ShipsAlreadyThere => "the same image (no change)", "相同镜像（无变化）";
    ShipsNowFailed => "What runs in {env} now could not be read: {error}", "无法读取 {env} 当前运行的内容：{error}";
    Workflow => "Workflow", "工作流";
    StartedBy => "Started by", "发起人";
    Actions => "Actions", "操作";
    Decide => "Approve or reject…", "审批…";
    DecideOne => "Approve or reject {workflow} #{task}", "审批 {workflow} #{task}";
    MyApprovalsHint => "Running tasks of this project with an approval you can decide, oldest first.", "本项目中等待你审批的运行中任务，按等待时间排序。";
    NoApprovals => "Nothing is waiting for your approval.", "没有等待你审批的任务。";
    ApprovalTitle => "Approval", "审批";
    ApprovalGone => "This approval is no longer part of the task.", "该审批已不在任务中。";
    Approvals => "approvals", "已同意";
    Rejections => "rejections", "已拒绝";
    TimeLeft => "time left", "剩余时间";
    Approved => "approved", "同意";
    Rejected => "rejected", "拒绝";
    Undecided => "not decided yet", "尚未处理";
    Comment => "Comment", "审批意见";
    Approve => "Approve", "同意";
    Reject => "Reject", "拒绝";
    ReviewApproval => "Review approval", "处理审批";
    BlockUnknown => "Set a token in Settings to decide: Zadig records approvals by the token's user.", "请先在设置中填写令牌：Zadig 按令牌对应的用户记录审批。";
    BlockNotApprover => "You are not among the approvers of this step.", "你不在该步骤的审批人中。";
    BlockDecided => "You have already decided on this approval.", "你已处理过该审批。";
    BlockExternal => "This approval is decided in Lark, DingTalk or WeCom, not here.", "该审批需在飞书、钉钉或企业微信中处理。";
    BlockNotWaiting => "This approval is not waiting for a decision.", "该审批当前不需要处理。";
    LogNone => "This job type writes no log", "该类型的 job 没有日志";
    LatestTask => "Latest task", "最近任务";
    NeverRun => "never run", "未运行过";
    SearchAllJobs => "Search the logs of every job", "搜索所有 job 的日志";
    Search => "Search", "搜索";
    StillRunning => "still running: search its live log in the job panel", "仍在运行：请在 job 面板中搜索实时日志";
    MatchesWord => "matches", "处匹配";
    Wrap => "Wrap lines", "自动换行";
    LinkCopied => "Link to the line copied", "已复制该行链接";
    LoadFullLog => "Load the full log", "加载完整日志";
    SearchLog => "Search the whole log", "搜索完整日志";
    RegexHint => "Regular expression", "正则表达式";
    MatchCase => "Match case", "区分大小写";
    PrevMatch => "Previous match", "上一个匹配";
    NextMatch => "Next match", "下一个匹配";
    NoMatches => "No matches", "无匹配";
    BadRegex => "Not a valid regular expression", "不是有效的正则表达式";
    CancelTask => "Cancel", "取消任务";
    RetryTask => "Retry", "重试";
    ConfirmCancel => "Cancel task #{task}?", "确认取消任务 #{task}？";
    CancelledBy => "Cancelled by", "取消人";
    Remark => "Remark", "备注";
    Edit => "Edit", "编辑";
    Resume => "Continue", "继续执行";
    WaitingApproval => "waiting for approval", "等待审批";
    JobNotInTask => "This job is not part of the task.", "该任务中没有这个 job。";
    FactService => "Service", "服务";
    FactModule => "Module", "服务组件";
    FactImage => "Image", "镜像";
    FactEnv => "Environment", "环境";
    FactProduction => "Production", "生产环境";
    FactDeployed => "Deployed", "部署";
    FactTarget => "Target", "目标";
    FactNamespace => "Namespace", "命名空间";
    FactTest => "Test", "测试";
    FactScanning => "Scan", "代码扫描";
    FactJunit => "JUnit report", "JUnit 报告";
    FactHtmlReport => "HTML report", "HTML 报告";
    FactArchive => "Archive", "归档";
    FactReport => "Report", "报告";
    FactRepo => "Repository", "代码库";
    FactCommit => "Commit", "提交";
    FactInput => "Input", "输入";
    FactVariable => "Variable", "变量";
    DiffParam => "Parameter", "参数";
    DiffBranch => "Branch", "分支";
    DiffTag => "Tag", "标签";
    DiffPr => "Pull requests", "合并请求";
    DiffCluster => "Cluster", "集群";
    DiffJob => "Job ran", "job 已运行";
    DiffParams => "Parameters", "参数";
    DiffInput => "Input", "输入";
    DiffHow => "Change", "变化";
    DiffUnchanged => "unchanged", "未变";
    DiffChanged => "changed", "已变更";
    DiffAdded => "added", "新增";
    DiffRemoved => "removed", "移除";
    DiffSecret => "credential, not shown", "凭据，不显示";
    DiffLooking => "Looking for the last passed run to compare with…", "正在查找可对比的上一次成功运行…";
    DiffFailed => "The last passed run could not be compared with this one.", "无法与上一次成功运行进行对比。";
    DiffNoBaseline => "No earlier run of this workflow passed: there is nothing to compare with.", "该工作流之前没有成功的运行，无可对比。";
    DiffSameAs => "Same inputs as #{task}, the last passed run.", "输入与上一次成功运行 #{task} 相同。";
    DiffSince => "Changed since #{task}, the last passed run: {count} of the inputs.", "自上一次成功运行 #{task} 以来，有 {count} 项输入发生变化。";
    DiffMore => "And {count} more.", "另有 {count} 项。";
    DiffOpen => "Compare side by side", "并排对比";
    DiffChip => "{count} changed since #{task}", "自 #{task} 起 {count} 项变化";
    DiffChipFailed => "Changes unknown: try again", "变化未知：重试";
    DiffNone => "The two tasks were given the same inputs.", "两次任务的输入相同。";
    DiffCount => "{count} inputs differ.", "{count} 项输入不同。";
    DiffShowSame => "Show the {count} unchanged", "显示 {count} 项未变的输入";
    CompareTitle => "Task #{a} and task #{b}", "任务 #{a} 与任务 #{b}";
    CompareSwap => "Swap", "交换";
    WhereTimeWent => "Where the time went", "时间都花在哪里";
    ShareWho => "Started by {creator} at {started}, took {took}.", "由 {creator} 于 {started} 启动，耗时 {took}。";
    ShareFirstError => "First error in {job}, line {line}:", "{job} 的第一个错误（第 {line} 行）：";
    CopyMarkdown => "Copy as Markdown", "复制为 Markdown";
    CopiedMarkdown => "Copied: paste it into a chat or a ticket.", "已复制：可粘贴到聊天或工单中。";
    CopyMarkdownManual => "The browser did not allow copying here: select the text below and copy it.", "浏览器不允许在此复制：请选中下面的文本后复制。";
    TimeQueue => "Queued", "排队";
    TimeRun => "Running", "运行";
    TimeApproval => "Waiting for approval", "等待审批";
    TimeGate => "Waiting to be started by hand", "等待手动执行";
    TimeGateOf => "{stage}: manual start", "{stage}：手动执行";
    TimeTotal => "{total} from creation to end; along the critical path:", "从创建到结束共 {total}；关键路径上：";
    CriticalPath => "Critical path:", "关键路径：";
    TrendTitle => "Job durations over the last runs", "最近运行中各 job 的耗时";
    TrendLine => "{now} this run, median {median} over {runs} earlier runs", "本次 {now}，此前 {runs} 次的中位数 {median}";
    TrendSlow => "Slow: 1.5× its median or more", "偏慢：达到中位数的 1.5 倍或以上";
    LogDiffOpen => "Compare the log with the last passed run", "与上一次成功运行的日志对比";
    LogDiffClose => "Close the comparison", "关闭对比";
    LogDiffWorking => "Comparing the log with the last passed run…", "正在与上一次成功运行的日志对比…";
    LogDiffNotRun => "#{task}, the last passed run, did not run this job.", "上一次成功运行 #{task} 没有运行这个 job。";
    LogDiffSame => "Against #{task}, the last passed run: the logs read the same once times, durations and ids are set aside.", "与上一次成功运行 #{task} 相比：忽略时间、耗时和 ID 后，日志内容相同。";
    LogDiffCounts => "Against #{task}, the last passed run: {removed} lines only there and {added} only here; differing regions: {regions}.", "与上一次成功运行 #{task} 相比：{removed} 行仅在其中，{added} 行仅在本次，共 {regions} 处不同。";
    LogDiffFolded => "Show {count} unchanged lines", "显示 {count} 行未变的日志";
    LogDiffPrev => "Previous difference", "上一处不同";
    LogDiffNext => "Next difference", "下一处不同";
    LogDiffApproximate => "The logs differ in so many places that the search for the smallest difference stopped early: every line shown as changed is one, but a few may be unchanged lines counted as changed.", "两份日志差异过多，最小差异的查找已提前停止：标为变化的行确有变化，但少数未变的行也可能被计为变化。";
    FactRetries => "Retries", "重试次数";
    FactError => "Error", "错误";
    LogWaiting => "Waiting for the job to write its first line…", "等待任务输出第一行日志…";
    LogLive => "Live", "实时";
    LogReconnecting => "Reconnecting…", "重新连接中…";
    LogComplete => "Complete", "完整日志";
    LogUnverified => "Some lines may be missing", "可能缺少部分日志";
    LogUnverifiedHint => "The job has ended but Zadig has not provided the complete log yet; the lines below were streamed and some may be missing.", "任务已结束，但 Zadig 尚未提供完整日志；以下为实时接收的日志，可能缺少部分行。";
    LogFailed => "The log could not be loaded", "无法加载日志";
    LogEmpty => "This job wrote no log.", "该任务没有输出日志。";
    Lines => "lines", "行";
    FirstError => "First error", "第一个错误";
    LandedOnError => "The job failed: showing its first error, line {line}.", "该 job 失败：已定位到第一个错误（第 {line} 行）。";
    JumpToLive => "Jump to live", "跳到最新";
    Download => "Download", "下载";
    Definition => "Definition", "定义";
    Parameters => "Parameters", "参数";
    History => "Task history", "任务历史";
    NoParameters => "This workflow has no parameters.", "该工作流没有参数。";
    NoTasks => "This workflow has not run yet.", "该工作流尚未运行。";
    NoTasksMatch => "No task on this page matches the filters.", "本页没有符合筛选条件的任务。";
    Default => "Default", "默认值";
    Description => "Description", "描述";
    FixedValue => "fixed", "固定值";
    Credential => "credential", "凭据";
    Parallel => "parallel", "并行";
    PolicyForceRun => "always runs", "必须执行";
    PolicyDefaultNotRun => "off by default", "默认不执行";
    PolicySkip => "never runs", "不执行";
    TaskId => "Task", "任务";
    Status => "Status", "状态";
    Creator => "Creator", "创建人";
    Started => "Started", "开始时间";
    Duration => "Duration", "耗时";
    AnyStatus => "Any status", "全部状态";
    AnyCreator => "Anyone", "全部创建人";
    PagePrev => "Previous", "上一页";
    PageNext => "Next", "下一页";
    PerPage => "per page", "条/页";
    PageOf => "Page {page} of {pages}", "第 {page} 页，共 {pages} 页";
    Concurrency => "Concurrent runs", "并发数";
    Unlimited => "unlimited", "不限";
    CreatedBy => "Created by", "创建人";
    CatQueued => "Queued", "排队中";
    CatRunning => "Running", "运行中";
    CatWaiting => "Waiting for someone", "等待处理";
    CatPassed => "Passed", "成功";
    CatFailed => "Failed", "失败";
    CatCancelled => "Cancelled", "已取消";
    BackToWorkflows => "Workflows", "工作流列表";
    AllWorkflows => "All", "全部";
    SearchWorkflows => "Search by name or key", "按名称或标识搜索";
    SortBy => "Sort by", "排序";
    SortNameAsc => "Name A→Z", "名称 A→Z";
    SortNameDesc => "Name Z→A", "名称 Z→A";
    SortUpdatedDesc => "Recently updated", "最近更新";
    SortUpdatedAsc => "Least recently updated", "最早更新";
    OnlyFavourites => "Favourites only", "仅收藏";
    Favourite => "Favourite", "收藏";
    NoWorkflows => "This project has no workflows in this view.", "该项目在此视图下没有工作流。";
    Name => "Name", "名称";
    Kind => "Type", "类型";
    UpdatedBy => "Updated by", "更新人";
    Updated => "Updated", "更新时间";
    RunWorkflow => "Run", "运行";
    RunTitle => "Run workflow", "运行工作流";
    RunAgain => "Run again", "再次运行";
    OpenFullPage => "Open as a page", "在页面中打开";
    RunParams => "Parameters", "参数";
    RunJobs => "Jobs", "Job";
    RunNotify => "Notifications", "通知";
    RunPreview => "Request body", "请求体";
    RunPreviewHint => "Exactly what will be sent; credentials are masked.", "将要发送的完整内容；凭据已隐藏。";
    RunPreviewInvalid => "Fix the fields marked above to see the request body.", "请先修正上方标出的字段，再查看请求体。";
    RunSubmit => "Run", "运行";
    RunSubmitting => "Starting…", "正在启动…";
    RunBusyWarning => "A task of this workflow is already running or queued:", "该工作流已有任务正在运行或排队：";
    RunBusyHint => "A new task waits in the queue until the concurrency limit allows it.", "新任务会排队，直到并发数允许执行。";
    RunProdTitle => "Deploy to production?", "部署到生产环境？";
    RunProdHint => "This run deploys to production environments:", "本次运行将部署到生产环境：";
    RunProdType => "Type the workflow key to confirm:", "输入工作流标识以确认：";
    RunProdConfirm => "Run in production", "在生产环境运行";
    RunDraftRestored => "Your unsent input for this workflow was restored.", "已恢复此工作流未提交的输入。";
    RunDraftDiscard => "Discard it", "丢弃";
    RunPrefilledFromTask => "Pre-filled from task #{task}.", "已按任务 #{task} 预填。";
    RunPrefilledPartly => "Only the parameters, jobs and branches could be read from that task; check the rest.", "只能从该任务读取参数、job 和分支；请检查其余字段。";
    RunPrefillFailed => "The earlier task could not be read; the form shows the workflow's defaults.", "无法读取之前的任务；表单显示工作流的默认值。";
    RunPrefilledFromUrl => "Pre-filled from the link.", "已按链接预填。";
    RunRefused => "Ignored in the link (unknown field, or a credential):", "链接中已忽略（未知字段或凭据）：";
    RunRegistriesFailed => "The registry list could not be loaded ({reason}); type the registry as address/namespace.", "无法加载镜像仓库列表（{reason}）；请按 地址/命名空间 填写。";
    RunEnvsFailed => "The environment list could not be loaded ({reason}); type the environment name.", "无法加载环境列表（{reason}）；请填写环境名称。";
    RunProblems => "Some fields need attention; nothing was sent.", "部分字段需要修改；尚未发送。";
    RunNotRunnable => "The OpenAPI cannot run this job type; it is skipped.", "OpenAPI 无法运行此类型的 job，将被跳过。";
    RunFromJob => "Services and images come from job", "服务和镜像来自 job";
    RunApprovalNote => "Approvers decide when the task reaches this job.", "任务执行到此 job 时由审批人决定。";
    RunNoInput => "This job takes no input.", "此 job 无需输入。";
    RunAllModules => "Every configured module runs; the values here apply to this run only.", "所有已配置的模块都会执行；此处的值仅用于本次运行。";
    RunUnsupported => "not supported by the OpenAPI; the workflow's value is used", "OpenAPI 不支持；使用工作流中的值";
    RunCredentialKeep => "unchanged: type to replace", "保持不变：输入以替换";
    RunNotifyKeep => "Uses the workflow's setting unless changed for this run.", "除非为本次运行修改，否则使用工作流中的设置。";
    RunNotifyUnsupported => "This kind of notification cannot be changed through the OpenAPI.", "此类通知无法通过 OpenAPI 修改。";
    RunNothing => "Choose at least one job to run.", "请至少选择一个要运行的 job。";
    RunStarted => "Task started", "任务已启动";
    ProbRequired => "Required.", "必填。";
    ProbNotAChoice => "Not one of the options.", "不是可选值之一。";
    ProbNotNumbers => "Enter whole numbers separated by commas.", "请输入以逗号分隔的正整数。";
    ProbNoneSelected => "Choose at least one.", "请至少选择一项。";
    ProbForced => "This job must run, but the OpenAPI cannot run its type: the workflow cannot be run from here.", "此 job 必须执行，但 OpenAPI 无法运行该类型：无法在此运行该工作流。";
    LRegistry => "Image registry", "镜像仓库";
    LBranch => "Branch", "分支";
    LPrs => "Pull requests", "合并请求";
    LCodeHost => "Code host", "代码源";
    LMergeStrategy => "Values merge", "values 合并策略";
    LDatabase => "Database", "数据库";
    LSql => "SQL", "SQL";
    LTapdProject => "TAPD project id", "TAPD 项目 ID";
    LTapdStatus => "Iteration status", "迭代状态";
    LTapdIterations => "Iteration ids", "迭代 ID";
    LVmFile => "Package file", "部署包文件";
    LChangeNotify => "Change for this run", "为本次运行修改";
    LNotifyEnabled => "Send this notification", "发送此通知";
    LAtUsers => "Mention users", "@ 用户";
    LAtAll => "Mention everyone", "@ 所有人";
    LChatId => "Chat id", "群 ID";
    LIdType => "Id type", "ID 类型";
    LMobiles => "Mention phone numbers", "@ 手机号";
    LEmails => "Mention emails", "@ 邮箱";
    LUserIds => "Users", "用户";
    LRecipients => "Dynamic recipients", "动态接收人";
    MergeAsConfigured => "as configured", "按配置";
    ChooseOne => "Choose…", "请选择…";
    ListHint => "separate with commas", "用逗号分隔";
    Stage => "Stage", "阶段";
    Include => "Include", "包含";
    NewWorkflow => "New workflow", "新建工作流";
    EditWorkflow => "Edit workflow", "编辑工作流";
    EditorHint => "The definition as YAML or JSON (Zadig's WorkflowV4 model). It is checked as you type and kept in this browser until saved.", "以 YAML 或 JSON 编写的定义（Zadig 的 WorkflowV4 模型）。输入时即时检查，保存前会保留在此浏览器中。";
    EditorEmpty => "The definition is empty.", "定义为空。";
    LineColumn => "Line {line}, column {column}", "第 {line} 行第 {column} 列";
    EditorNotMapping => "The definition must be a mapping of fields (name, display_name, project, stages…).", "定义必须是字段映射（name、display_name、project、stages…）。";
    EditorMissing => "Required field missing or empty", "缺少必填字段或为空";
    EditorShouldBe => "should be", "应为";
    EditorList => "a list", "列表";
    EditorMapping => "a mapping", "映射";
    EditorText => "text", "文本";
    EditorBadKey => "name may only contain lowercase letters, digits and hyphens", "name 只能包含小写字母、数字和连字符";
    EditorOtherProject => "project must be", "project 必须为";
    EditorRenamed => "name cannot change when updating; it must stay", "更新时不能修改 name，必须保持为";
    EditorDuplicateJob => "Job names must be unique; repeated", "job 名称必须唯一；重复的是";
    EditorDraftRestored => "Your unsaved edits were restored.", "已恢复未保存的修改。";
    EditorValid => "Valid:", "有效：";
    EditorStages => "stages", "个阶段";
    EditorJobs => "jobs", "个 job";
    EditorGoTo => "Go to", "跳转";
    Saving => "Saving…", "保存中…";
    RunReset => "Reset to the workflow's defaults", "恢复为工作流默认值";
    SubmitShortcut => "Ctrl+Enter submits", "Ctrl+Enter 提交";
    InternalError => "Internal error: the console stopped.", "内部错误：控制台已停止运行。";
    InternalErrorHint => "Reload the page to go on. What you typed in forms is kept as a draft where the form keeps drafts. The message below helps the console's developers.", "请重新加载页面后继续。支持草稿的表单会保留你输入的内容。下面的信息可帮助控制台开发者定位问题。";
    Reload => "Reload", "重新加载";
    CodeUnavailable => "Part of the console's code could not be loaded. Check the connection, then reload the page.", "无法加载控制台的部分代码。请检查网络连接，然后重新加载页面。";
    ErrBadToken => "The token cannot be sent: it holds characters a token never has.", "令牌无法发送：其中含有令牌不会包含的字符。";
    ErrBadTokenHint => "Paste the token again in Settings, copied whole from Zadig.", "请在设置中重新粘贴从 Zadig 完整复制的令牌。";
    SignIn => "Sign in", "登录";
    EditorSecretsHint => "Credential values are never shown or kept in the browser: they read {kept} and are put back from the stored definition when you save. Type a new value to change one.", "凭据的值不会显示，也不会保存在浏览器中：它们显示为 {kept}，保存时会从已存储的定义中放回。输入新值即可修改。";
    EditorSecretMissing => "No stored value for the credential {names}: type its value.", "凭据 {names} 没有已存储的值：请输入它的值。";
    EditorDraftOlder => "The workflow was changed in Zadig after this draft was made. Saving the draft would undo those changes.", "此草稿创建后，工作流已在 Zadig 中被修改。保存草稿会覆盖这些修改。";
    EditorShowStored => "Show the stored definition", "显示已存储的定义";
    EditorUseStored => "Use the stored definition", "使用已存储的定义";
    EditorKeepDraft => "Keep my draft", "保留我的草稿";
    ErrAborted => "The request was stopped.", "请求已停止。";
    ApprovalsPartial => "{count} lookups failed: approvals waiting in those workflows may be missing below.", "有 {count} 次查询失败：这些工作流中等待的审批可能没有列在下面。";
    ApprovalsNoneFound => "No approval waiting was found in the workflows that could be read.", "在能读取的工作流中没有找到等待中的审批。";
    LatestFailed => "Could not load; trying again", "加载失败，稍后重试";
    NoticeApproved => "Your approval was recorded.", "你的同意已记录。";
    NoticeRejected => "Your rejection was recorded.", "你的拒绝已记录。";
    NoticeDecisionNotSent => "Your approval decision was not recorded.", "你的审批决定未能记录。";
    NoticeViewSaved => "The view was saved.", "视图已保存。";
    NoticeViewNotSaved => "The view was not saved.", "视图未能保存。";
    NoticeWorkflowDeleted => "The workflow was deleted.", "工作流已删除。";
    NoticeWorkflowNotDeleted => "The workflow was not deleted.", "工作流未能删除。";
    NoticeCancelNotSent => "The task was not cancelled.", "任务未能取消。";
    NoticeRetryNotSent => "The task was not retried.", "任务未能重试。";
    NoticeResumeNotSent => "The stage was not continued.", "阶段未能继续执行。";
    NoticeRemarkNotSaved => "The remark was not saved.", "备注未能保存。";
    NoticeRemarkUnknown => "No answer came back: the remark may or may not have been saved.", "没有收到回应：备注可能已经保存，也可能没有。";
    EmbedWaiting => "Waiting for the portal to hand over a token…", "正在等待门户传入令牌…";
    EmbedWaitingLate => "The portal has not handed over a token yet. Check that its origin is one of embed_origins in config.json ({origins}) and that it answers zadig-console:ready.", "门户尚未传入令牌。请确认它的源在 config.json 的 embed_origins（{origins}）中，并且它会响应 zadig-console:ready。";
    EmbedOriginsRefused => "config.json lists origins that may not embed the console; they are ignored:", "config.json 中有不能用于嵌入的源，已忽略：";
    EmbedOriginWildcard => "would let any page frame the console and take its session: list each portal's exact origin.", "会让任何页面嵌入控制台并接管会话：请逐一列出门户的确切源。";
    EmbedOriginNull => "is shared by sandboxed frames and local files: list the portal's exact origin.", "为沙箱 iframe 和本地文件所共用：请列出门户的确切源。";
    EmbedOriginPath => "has a path; an origin is only scheme, host and port.", "带有路径；源只包含协议、主机和端口。";
    EmbedOriginInvalid => "is not an http(s) origin (scheme://host[:port]).", "不是 http(s) 源（协议://主机[:端口]）。";
    EmbedSignInAgain => "Zadig stopped accepting the portal's token; the portal has been asked for a new one.", "Zadig 不再接受门户的令牌；已向门户请求新令牌。";
    NoticeTicketCreated => "The ticket was created.", "审批单已创建。";
    NoticeTicketNotCreated => "The ticket was not created.", "审批单未能创建。";
    NoticeWorkflowSaved => "The workflow was saved.", "工作流已保存。";
    NoticeWorkflowNotSaved => "The workflow was not saved; your text is kept as a draft.", "工作流未能保存；你的内容已保留为草稿。";
    Refresh => "Refresh", "刷新";
    NoticeRunNotStarted => "The run was not started.", "运行未能启动。";
    RunOutcomeUnknown => "The run was sent, but its answer was lost: the task may have started. Check this workflow's recent tasks before sending it again.", "运行请求已发送，但没有收到回应：任务可能已经开始。再次发送前，请先查看该工作流最近的任务。";
    RunRecentTasks => "Tasks of this workflow created in the last minutes:", "该工作流最近几分钟内创建的任务：";
    RunRecentNone => "No task of this workflow was created in the last minutes (yet).", "该工作流最近几分钟内（暂时）没有新建任务。";
    RunSendAgain => "I have checked: send the run again", "我已确认：再次发送运行请求";
    LogShowWholeLine => "… show the whole line ({count} more characters)", "… 显示整行（还有 {count} 个字符）";
    LogLineNumber => "Line {line}", "第 {line} 行";
    LogAwaitingUpload => "The job has ended; waiting for Zadig to store its log…", "任务已结束，正在等待 Zadig 保存日志…";
    ShowMore => "Show {count} more characters", "显示其余 {count} 个字符";
    ShowLess => "Show less", "收起";
    TaskStale => "This task could not be refreshed: what you see may be out of date.", "无法刷新此任务：当前显示的内容可能已过时。";
    ListStale => "This list could not be refreshed: what you see may be out of date.", "无法刷新此列表：当前显示的内容可能已过时。";
    NoticeRunUnknown => "No answer came back: the run may or may not have started.", "没有收到回应：运行可能已经启动，也可能没有。";
    NoticeDecisionUnknown => "No answer came back: your approval decision may or may not have been recorded.", "没有收到回应：你的审批决定可能已经记录，也可能没有。";
    NoticeViewUnknown => "No answer came back: the view may or may not have been saved.", "没有收到回应：视图可能已经保存，也可能没有。";
    NoticeWorkflowSaveUnknown => "No answer came back: the workflow may or may not have been saved; your text is kept as a draft.", "没有收到回应：工作流可能已经保存，也可能没有；你的内容已保留为草稿。";
    NoticeWorkflowDeleteUnknown => "No answer came back: the workflow may or may not have been deleted.", "没有收到回应：工作流可能已经删除，也可能没有。";
    NoticeTicketUnknown => "No answer came back: the ticket may or may not have been created.", "没有收到回应：审批单可能已经创建，也可能没有。";
    NoticeCancelUnknown => "No answer came back: the task may or may not have been cancelled.", "没有收到回应：任务可能已经取消，也可能没有。";
    NoticeRetryUnknown => "No answer came back: the task may or may not have been retried.", "没有收到回应：任务可能已经重试，也可能没有。";
    NoticeResumeUnknown => "No answer came back: the stage may or may not have continued.", "没有收到回应：阶段可能已经继续执行，也可能没有。";
    ErrOutcomeUnknown => "No answer came back: the change may or may not have been made.", "没有收到回应：操作可能已经执行，也可能没有。";
    ErrOutcomeUnknownHint => "Check the current state before trying again; nothing is sent again by itself.", "请先确认当前状态再决定是否重试；控制台不会自动重新发送。";
    NoticeTaskStarted => "Task #{task} of {workflow} started.", "{workflow} 的任务 #{task} 已开始运行。";
    OpenTask => "Open the task", "打开任务";
    SignInAgain => "Zadig no longer accepts this tab's token (401).", "Zadig 不再接受当前标签页的令牌（401）。";
    SignInAgainHint => "It may have expired or been revoked. Updates have stopped; paste a new token to go on. This page and what you typed stay as they are.", "令牌可能已过期或被撤销。页面已停止刷新；请粘贴新令牌以继续。当前页面和已输入的内容都会保留。";
    SignInNeeded => "Zadig needs an API token for this tab (401).", "Zadig 需要当前标签页的 API 令牌（401）。";
    WelcomeTitle => "Sign in to Zadig", "登录 Zadig";
    WelcomeToken => "Sign in with an API token", "使用 API 令牌登录";
    WelcomeOtherServer => "Another server, or signing in through a proxy: Settings", "其他服务器，或通过代理登录：设置";
    DemoTitle => "This is the built-in sandbox", "这是内置的沙箱";
    DemoHint => "Its projects and tasks are demo data. Sign in as one of its users with one click.", "其中的项目和任务都是演示数据。点击即可以其中一位用户登录。";
    SignInAs => "Sign in as {name}", "以 {name} 登录";
    RoleAdmin => "administrator", "管理员";
    RoleApprover => "approver", "审批人";
    RoleUser => "user", "普通用户";
    SignInNeededHint => "Create one in Zadig (account settings → API token) and paste it here; it is kept for this tab only.", "请在 Zadig 中创建令牌（账号设置 → API 令牌）并粘贴到这里；令牌仅保存在当前标签页。";
    SignInAgainProxy => "The proxy in front of Zadig no longer signs requests in (401).", "Zadig 前面的代理不再为请求提供认证（401）。";
    SignInAgainProxyHint => "Updates have stopped. Reload the page to sign in again.", "页面已停止刷新。请重新加载页面以重新登录。";
    TokenEmpty => "The token is empty.", "令牌为空。";
    TokenTruncated => "This token looks shortened (it contains “…”). Copy the whole token from Zadig again.", "该令牌似乎被截断了（含有“…”）。请从 Zadig 重新复制完整的令牌。";
    TokenBadChar => "The token contains “{char}”, which a token never holds. Paste it again from Zadig.", "令牌中含有“{char}”，令牌不会包含该字符。请从 Zadig 重新粘贴。";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_keep_their_placeholders_in_both_languages() {
        assert_eq!(
            T::PageOf.fill(Locale::ZhCn, &[("page", "1"), ("pages", "2")]),
            "第 1 页，共 2 页"
        );
        assert_eq!(
            T::PageOf.fill(Locale::En, &[("page", "1"), ("pages", "2")]),
            "Page 1 of 2"
        );
        // Every placeholder of the English text is in the Chinese one, and the other way round.
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(k, _)| k.to_string()))
                .collect();
            v.sort();
            v
        };
        for t in T::ALL {
            assert_eq!(
                holes(t.get(Locale::En)),
                holes(t.get(Locale::ZhCn)),
                "{t:?}"
            );
        }
    }

    #[test]
    fn every_text_has_both_languages() {
        for t in T::ALL {
            assert!(!t.get(Locale::En).is_empty(), "{t:?} en");
            assert!(!t.get(Locale::ZhCn).is_empty(), "{t:?} zh");
        }
    }

    #[test]
    fn parses_language_tags() {
        assert_eq!(Locale::parse("zh-CN"), Locale::ZhCn);
        assert_eq!(Locale::parse("zh"), Locale::ZhCn);
        assert_eq!(Locale::parse("en-US"), Locale::En);
        assert_eq!(Locale::parse(""), Locale::En);
    }
}
